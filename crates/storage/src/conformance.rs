//! The contract every [`Storage`](crate::Storage) implementation must meet, as runnable checks.
//!
//! Implementations call [`check_all`] from their tests with a fresh, empty store; the same
//! checks run against SQLite and PostgreSQL.

use crate::{
    AppendEvent, AttemptFilter, Finish, ItemCalibration, NewAttempt, Outcome, ReviewRecord, Role,
    Storage, StorageError, User, WebSession,
};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

const START: OffsetDateTime = datetime!(2026-12-01 09:00 UTC);

fn attempt(id: &str, user: Option<&str>, exam: &str, minutes: i64) -> NewAttempt {
    NewAttempt {
        id: id.into(),
        user: user.map(str::to_owned),
        exam: exam.into(),
        mode: "exam".into(),
        seed: 42,
        outline: format!(r#"{{"exam":"{exam}","items":["a","b","c"]}}"#),
        started_at: START + Duration::minutes(minutes),
        deadline: Some(START + Duration::minutes(minutes + 130)),
    }
}

fn finish(outcome: Outcome) -> Finish {
    Finish {
        finished_at: START + Duration::minutes(90),
        outcome,
        scaled_score: Some(812),
        passed: Some(true),
        report: r#"{"score":812}"#.into(),
    }
}

/// Runs every check against `store`, which must start empty. Panics with a message on the
/// first broken rule (these are test helpers).
pub fn check_all(store: &dyn Storage) {
    create_and_read_back(store);
    events_are_kept_in_order(store);
    out_of_order_events_are_rejected(store);
    finishing_closes_the_log(store);
    listings_filter_and_sort(store);
    every_listing_filter_combination(store);
    unknown_attempts(store);
    text_is_kept_exactly(store);
    reviews_are_kept_per_user_in_order(store);
    calibrations_replace_earlier_ones(store);
    users_are_unique_by_id_and_name(store);
    roles_change(store);
    sessions_expire_and_end(store);
    guests_hand_over_to_accounts(store);
    failed_sign_ins_are_counted(store);
    batches_append_in_order_each_with_its_own_result(store);
}

fn create_and_read_back(store: &dyn Storage) {
    let new = attempt("c1", Some("ana"), "SAA-C03", 0);
    store.create_attempt(&new).expect("create");
    let stored = store.attempt("c1").expect("read").expect("exists");
    assert_eq!(stored.attempt, new, "an attempt reads back as written");
    assert!(stored.events.is_empty() && stored.finish.is_none());
    assert_eq!(
        store.attempt_outline("c1").expect("read").as_ref(),
        Some(&new.outline),
        "the outline reads back alone"
    );
    assert!(
        matches!(store.create_attempt(&new), Err(StorageError::Duplicate(id)) if id == "c1"),
        "ids are unique"
    );
}

fn events_are_kept_in_order(store: &dyn Storage) {
    store
        .create_attempt(&attempt("e1", None, "CLF-C02", 1))
        .expect("create");
    for seq in 0..50u32 {
        let at = START + Duration::seconds(i64::from(seq) * 7);
        store
            .append_event("e1", seq, at, &format!(r#"{{"n":{seq}}}"#))
            .expect("append");
    }
    let stored = store.attempt("e1").expect("read").expect("exists");
    assert_eq!(stored.events.len(), 50);
    for (i, event) in stored.events.iter().enumerate() {
        assert_eq!(event.seq as usize, i);
        assert_eq!(event.event, format!(r#"{{"n":{i}}}"#));
        assert_eq!(
            event.at,
            START + Duration::seconds(i as i64 * 7),
            "timestamps keep their value"
        );
    }
}

fn out_of_order_events_are_rejected(store: &dyn Storage) {
    store
        .create_attempt(&attempt("o1", None, "CLF-C02", 2))
        .expect("create");
    store.append_event("o1", 0, START, "{}").expect("first");
    match store.append_event("o1", 0, START, r#"{"again":true}"#) {
        Err(StorageError::Conflict {
            given: 0,
            expected: 1,
            ..
        }) => {}
        other => panic!("a repeated sequence number must conflict, got {other:?}"),
    }
    match store.append_event("o1", 5, START, "{}") {
        Err(StorageError::Conflict {
            given: 5,
            expected: 1,
            ..
        }) => {}
        other => panic!("a gap must conflict, got {other:?}"),
    }
    let stored = store.attempt("o1").expect("read").expect("exists");
    assert_eq!(
        stored.events.len(),
        1,
        "a rejected event leaves the log unchanged"
    );
    assert_eq!(stored.events[0].event, "{}");
}

fn finishing_closes_the_log(store: &dyn Storage) {
    store
        .create_attempt(&attempt("f1", Some("ana"), "SAA-C03", 3))
        .expect("create");
    store.append_event("f1", 0, START, "{}").expect("append");
    store
        .finish_attempt("f1", &finish(Outcome::Submitted))
        .expect("finish");
    assert!(
        matches!(
            store.append_event("f1", 1, START, "{}"),
            Err(StorageError::Finished(_))
        ),
        "no event after the finish"
    );
    assert!(
        matches!(
            store.finish_attempt("f1", &finish(Outcome::TimedOut)),
            Err(StorageError::Finished(_))
        ),
        "an attempt finishes once"
    );
    let stored = store.attempt("f1").expect("read").expect("exists");
    assert_eq!(stored.finish, Some(finish(Outcome::Submitted)));
}

fn listings_filter_and_sort(store: &dyn Storage) {
    store
        .create_attempt(&attempt("l1", Some("bo"), "DVA-C03", 10))
        .expect("create");
    store
        .create_attempt(&attempt("l2", Some("bo"), "DVA-C03", 20))
        .expect("create");
    store
        .create_attempt(&attempt("l3", Some("cy"), "DVA-C03", 30))
        .expect("create");
    store
        .finish_attempt("l1", &finish(Outcome::TimedOut))
        .expect("finish");
    let all = store
        .attempts(&AttemptFilter {
            exam: Some("DVA-C03".into()),
            ..AttemptFilter::default()
        })
        .expect("list");
    let ids: Vec<&str> = all.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["l3", "l2", "l1"], "newest first");
    let bo = store
        .attempts(&AttemptFilter {
            user: Some(Some("bo".into())),
            ..AttemptFilter::default()
        })
        .expect("list");
    assert_eq!(
        bo.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
        ["l2", "l1"]
    );
    let open = store
        .attempts(&AttemptFilter {
            user: Some(Some("bo".into())),
            unfinished: Some(true),
            ..AttemptFilter::default()
        })
        .expect("list");
    assert_eq!(
        open.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
        ["l2"]
    );
    let done = &bo[1];
    assert_eq!(done.outcome, Some(Outcome::TimedOut));
    assert_eq!(done.scaled_score, Some(812));
    let local = store
        .attempts(&AttemptFilter {
            user: Some(None),
            ..AttemptFilter::default()
        })
        .expect("list");
    assert!(
        local.iter().all(|a| a.user.is_none()) && local.iter().any(|a| a.id == "e1"),
        "the local user's attempts"
    );
    let e1 = local.iter().find(|a| a.id == "e1").expect("e1");
    assert_eq!(e1.events, 50, "listings count events");
}

/// Every combination of the three filters lists exactly the attempts the full listing holds
/// that match it, in the same order; with a limit, the first that many of them.
fn every_listing_filter_combination(store: &dyn Storage) {
    let all = store.attempts(&AttemptFilter::default()).expect("list");
    assert!(
        all.iter().any(|a| a.user.is_none())
            && all.iter().any(|a| a.finished_at.is_some())
            && all.iter().any(|a| a.finished_at.is_none()),
        "the earlier checks left local, finished and open attempts"
    );
    let users = [
        None,
        Some(None),
        Some(Some("bo".to_owned())),
        Some(Some("nobody".to_owned())),
    ];
    let exams = [None, Some("DVA-C03".to_owned()), Some("CLF-C02".to_owned())];
    let states = [None, Some(true), Some(false)];
    let limits = [None, Some(0), Some(1), Some(2), Some(usize::MAX)];
    for user in &users {
        for exam in &exams {
            for unfinished in states {
                let matching: Vec<String> = all
                    .iter()
                    .filter(|a| user.as_ref().is_none_or(|u| a.user == *u))
                    .filter(|a| exam.as_ref().is_none_or(|e| a.exam == *e))
                    .filter(|a| unfinished.is_none_or(|open| a.finished_at.is_none() == open))
                    .map(|a| a.id.clone())
                    .collect();
                for limit in limits {
                    let filter = AttemptFilter {
                        user: user.clone(),
                        exam: exam.clone(),
                        unfinished,
                        limit,
                    };
                    let listed: Vec<String> = store
                        .attempts(&filter)
                        .expect("list")
                        .into_iter()
                        .map(|a| a.id)
                        .collect();
                    let expected = &matching[..limit.unwrap_or(usize::MAX).min(matching.len())];
                    assert_eq!(listed, expected, "{filter:?}");
                }
            }
        }
    }
    let user_listings = all
        .iter()
        .filter(|a| a.user.as_deref() == Some("bo"))
        .count();
    assert!(
        user_listings >= 2,
        "a limit of one cuts a listing of bo's attempts short"
    );
}

fn unknown_attempts(store: &dyn Storage) {
    assert!(store.attempt("nope").expect("read").is_none());
    assert!(store.attempt_outline("nope").expect("read").is_none());
    assert!(matches!(
        store.append_event("nope", 0, START, "{}"),
        Err(StorageError::NotFound(_))
    ));
    assert!(matches!(
        store.finish_attempt("nope", &finish(Outcome::Submitted)),
        Err(StorageError::NotFound(_))
    ));
}

fn text_is_kept_exactly(store: &dyn Storage) {
    let mut new = attempt("t1", Some("d'Artagnan \"quoted\""), "SAA-C03", 40);
    new.outline = "{\"stem\":\"Robert'); DROP TABLE attempts;-- — ünïcödé ✓\"}".into();
    store.create_attempt(&new).expect("create");
    store
        .append_event(
            "t1",
            0,
            START,
            "{\"text\":\"'; DELETE FROM attempt_events; --\"}",
        )
        .expect("append");
    let stored = store.attempt("t1").expect("read").expect("exists");
    assert_eq!(
        stored.attempt.outline, new.outline,
        "bound parameters keep text exactly"
    );
    assert_eq!(
        store.attempt_outline("t1").expect("read"),
        Some(new.outline.clone())
    );
    assert_eq!(stored.attempt.user, new.user);
    assert_eq!(
        stored.events[0].event,
        "{\"text\":\"'; DELETE FROM attempt_events; --\"}"
    );
    assert!(
        store.attempt("e1").expect("read").is_some(),
        "nothing was dropped"
    );
}

fn review(user: Option<&str>, item: &str, minutes: i64, rating: u8) -> ReviewRecord {
    ReviewRecord {
        user: user.map(str::to_owned),
        item: item.into(),
        exam: "CLF-C02".into(),
        at: START + Duration::minutes(minutes),
        rating,
        source: "attempt:c1".into(),
    }
}

fn reviews_are_kept_per_user_in_order(store: &dyn Storage) {
    assert!(
        store.reviews(None).expect("read").is_empty(),
        "no reviews yet"
    );
    let local = [
        review(None, "q1", 0, 1),
        review(None, "q2", 0, 2),
        review(None, "q1", 60 * 24 * 2, 3),
    ];
    store.add_reviews(&local).expect("add");
    store
        .add_reviews(&[review(Some("ana"), "q1", 5, 4)])
        .expect("add");
    assert_eq!(
        store.reviews(None).expect("read"),
        local.to_vec(),
        "the local user's, in order"
    );
    let ana = store.reviews(Some("ana")).expect("read");
    assert_eq!(ana.len(), 1);
    assert_eq!(ana[0].rating, 4);
    let bad = [review(None, "q3", 10, 3), review(None, "q4", 10, 9)];
    assert!(
        store.add_reviews(&bad).is_err(),
        "a rating outside 1..=4 is refused"
    );
    assert_eq!(
        store.reviews(None).expect("read").len(),
        3,
        "all or none: q3 was not added"
    );
}

fn calibration(item: &str, b: f64, responses: u32) -> ItemCalibration {
    ItemCalibration {
        item: item.into(),
        model: "2PL".into(),
        a: 1.2,
        b,
        c: 0.0,
        se_a: Some(0.1),
        se_b: Some(0.08),
        se_c: None,
        responses,
        facility: Some(0.64),
        discrimination: Some(41.5),
        calibrated_at: START,
    }
}

fn calibrations_replace_earlier_ones(store: &dyn Storage) {
    assert!(store.calibrations().expect("read").is_empty());
    store
        .save_calibrations(&[calibration("q2", 0.5, 120), calibration("q1", -0.3, 90)])
        .expect("save");
    store
        .save_calibrations(&[calibration("q1", -0.2, 150)])
        .expect("save again");
    let all = store.calibrations().expect("read");
    assert_eq!(
        all.iter().map(|c| c.item.as_str()).collect::<Vec<_>>(),
        ["q1", "q2"],
        "by item id"
    );
    assert_eq!(
        all[0],
        calibration("q1", -0.2, 150),
        "the newer calibration replaced the older"
    );
    assert_eq!(all[1].se_c, None);
}

fn user(id: &str, name: &str) -> User {
    User {
        id: id.into(),
        name: name.into(),
        password_hash: format!("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA${id}"),
        role: Role::Learner,
        created_at: START,
    }
}

fn users_are_unique_by_id_and_name(store: &dyn Storage) {
    let ana = user("u-ana", "Ana");
    store.create_user(&ana).expect("create a user");
    assert_eq!(store.user("u-ana").expect("read"), Some(ana.clone()));
    assert_eq!(
        store.user_by_name("ana").expect("read"),
        Some(ana.clone()),
        "names are found ignoring ASCII case"
    );
    assert_eq!(store.user_by_name("ANA").expect("read"), Some(ana.clone()));
    assert_eq!(store.user_by_name("anna").expect("read"), None);
    assert!(
        matches!(store.create_user(&user("u-other", "aNA")), Err(StorageError::NameTaken(name)) if name == "aNA"),
        "a name differing only in case is taken"
    );
    assert!(
        matches!(store.create_user(&user("u-ana", "Bea")), Err(StorageError::Duplicate(id)) if id == "u-ana"),
        "ids are unique"
    );
    store.create_user(&user("u-bea", "bea")).expect("create");
    let names: Vec<String> = store
        .users()
        .expect("list")
        .into_iter()
        .map(|u| u.name)
        .collect();
    assert_eq!(names, ["Ana", "bea"], "users are listed by name");
    assert_eq!(store.user("u-nobody").expect("read"), None);
}

fn roles_change(store: &dyn Storage) {
    store.create_user(&user("u-cy", "cy")).expect("create");
    store.set_role("u-cy", Role::Author).expect("set role");
    assert_eq!(
        store.user("u-cy").expect("read").expect("exists").role,
        Role::Author
    );
    store.set_role("u-cy", Role::Admin).expect("set role");
    assert_eq!(
        store
            .user_by_name("CY")
            .expect("read")
            .expect("exists")
            .role,
        Role::Admin
    );
    assert!(matches!(
        store.set_role("u-nobody", Role::Admin),
        Err(StorageError::UnknownUser(id)) if id == "u-nobody"
    ));
}

fn session(id: &str, user: Option<&str>, minutes: i64) -> WebSession {
    WebSession {
        id: id.into(),
        user: user.map(str::to_owned),
        guest: format!("guest-{id}"),
        csrf: format!("csrf-{id}"),
        created_at: START,
        expires_at: START + Duration::minutes(minutes),
    }
}

fn sessions_expire_and_end(store: &dyn Storage) {
    store.create_user(&user("u-dee", "dee")).expect("create");
    let visitor = session("s-visitor", None, 60);
    let signed_in = session("s-dee", Some("u-dee"), 30);
    store.create_session(&visitor).expect("create a session");
    store.create_session(&signed_in).expect("create a session");
    assert!(matches!(
        store.create_session(&visitor),
        Err(StorageError::Duplicate(id)) if id == "s-visitor"
    ));
    let now = START + Duration::minutes(10);
    assert_eq!(
        store.session("s-visitor", now).expect("read"),
        Some(visitor.clone())
    );
    assert_eq!(store.session("s-dee", now).expect("read"), Some(signed_in));
    let later = START + Duration::minutes(45);
    assert_eq!(
        store.session("s-dee", later).expect("read"),
        None,
        "an expired session is not found"
    );
    assert_eq!(store.delete_expired_sessions(later).expect("sweep"), 1);
    assert_eq!(
        store.session("s-visitor", later).expect("read"),
        Some(visitor)
    );
    store.delete_session("s-visitor").expect("sign out");
    assert_eq!(store.session("s-visitor", now).expect("read"), None);
    store
        .delete_session("s-visitor")
        .expect("ending an ended session is fine");
    assert_eq!(store.session("s-unknown", now).expect("read"), None);
}

fn guests_hand_over_to_accounts(store: &dyn Storage) {
    store
        .create_attempt(&attempt("g1", Some("guest-x"), "CLF-C02", 0))
        .expect("create");
    store
        .create_attempt(&attempt("g2", Some("guest-x"), "CLF-C02", 5))
        .expect("create");
    store
        .create_attempt(&attempt("g3", Some("guest-y"), "CLF-C02", 5))
        .expect("create");
    store
        .add_reviews(&[review(Some("guest-x"), "clf-1", 0, 1)])
        .expect("review");
    assert_eq!(
        store.transfer_owner("guest-x", "u-eve").expect("transfer"),
        2
    );
    let mine = store
        .attempts(&AttemptFilter {
            user: Some(Some("u-eve".into())),
            ..AttemptFilter::default()
        })
        .expect("list");
    let ids: Vec<&str> = mine.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["g2", "g1"], "the guest's attempts are the account's");
    assert_eq!(store.reviews(Some("u-eve")).expect("reviews").len(), 1);
    assert!(store.reviews(Some("guest-x")).expect("reviews").is_empty());
    assert_eq!(
        store
            .attempt("g3")
            .expect("read")
            .expect("exists")
            .attempt
            .user
            .as_deref(),
        Some("guest-y"),
        "other guests keep theirs"
    );
    assert_eq!(
        store
            .transfer_owner("guest-none", "u-eve")
            .expect("transfer"),
        0
    );
}

fn failed_sign_ins_are_counted(store: &dyn Storage) {
    for minute in [0, 1, 2] {
        store
            .record_sign_in_failure("Fay", START + Duration::minutes(minute))
            .expect("record");
    }
    store.record_sign_in_failure("gus", START).expect("record");
    assert_eq!(store.sign_in_failures("fay", START).expect("count"), 3);
    assert_eq!(
        store
            .sign_in_failures("FAY", START + Duration::minutes(1))
            .expect("count"),
        2,
        "only failures since the given time count"
    );
    store.clear_sign_in_failures("fAy").expect("clear");
    assert_eq!(store.sign_in_failures("fay", START).expect("count"), 0);
    assert_eq!(store.sign_in_failures("gus", START).expect("count"), 1);
}

fn batches_append_in_order_each_with_its_own_result(store: &dyn Storage) {
    store
        .create_attempt(&attempt("b1", Some("kim"), "SAA-C03", 0))
        .expect("create");
    store
        .create_attempt(&attempt("b2", Some("kim"), "SAA-C03", 1))
        .expect("create");
    store
        .append_event("b2", 0, START, "{\"n\":0}")
        .expect("append");
    store
        .finish_attempt("b2", &finish(Outcome::Submitted))
        .expect("finish");
    let event = |attempt: &str, seq: u32| AppendEvent {
        attempt: attempt.into(),
        seq,
        at: START + Duration::seconds(i64::from(seq)),
        event: format!("{{\"n\":{seq}}}"),
    };
    let results = store.append_events(&[
        event("b1", 0),
        event("b1", 1),
        event("b1", 1),
        event("b2", 1),
        event("b-none", 0),
        event("b1", 2),
        event("b1", 4),
    ]);
    assert_eq!(results.len(), 7, "one result per event");
    assert!(results[0].is_ok() && results[1].is_ok(), "{results:?}");
    assert!(
        matches!(
            &results[2],
            Err(StorageError::Conflict {
                given: 1,
                expected: 2,
                ..
            })
        ),
        "a repeated number is a conflict: {:?}",
        results[2]
    );
    assert!(
        matches!(&results[3], Err(StorageError::Finished(id)) if id == "b2"),
        "{:?}",
        results[3]
    );
    assert!(
        matches!(&results[4], Err(StorageError::NotFound(id)) if id == "b-none"),
        "{:?}",
        results[4]
    );
    assert!(
        results[5].is_ok(),
        "a refusal does not stop the rest: {:?}",
        results[5]
    );
    assert!(
        matches!(
            &results[6],
            Err(StorageError::Conflict {
                given: 4,
                expected: 3,
                ..
            })
        ),
        "a gap is a conflict: {:?}",
        results[6]
    );
    let stored = store.attempt("b1").expect("read").expect("exists");
    let seqs: Vec<u32> = stored.events.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, [0, 1, 2]);
    assert_eq!(stored.events[2].event, "{\"n\":2}");
    assert!(store.append_events(&[]).is_empty());
}
