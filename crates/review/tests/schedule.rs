//! The review queue: due days from FSRS, the entry rules, and fitting to a learner.

use review::{OPTIMISE_FROM, Outcome, Rating, Review, Scheduler, due_on, ratings_from_attempt};
use time::macros::date;
use time::{Date, Duration};

const DAY0: Date = date!(2026 - 12 - 01);

#[test]
fn a_missed_item_comes_due_on_the_day_fsrs_gives_and_again_later_once_known() {
    let scheduler = Scheduler::with_defaults().unwrap();
    let mut reviews = vec![Review::new("q1", "CLF-C02", DAY0, Rating::Again)];
    let card = scheduler.cards(&reviews).unwrap().remove(0);
    assert!(
        card.due > DAY0 && card.due <= DAY0 + Duration::days(3),
        "a lapse comes back within days: {}",
        card.due
    );
    assert!(due_on(std::slice::from_ref(&card), card.due - Duration::days(1)).is_empty());
    assert_eq!(due_on(std::slice::from_ref(&card), card.due).len(), 1);
    let mut due = card.due;
    let mut gaps = Vec::new();
    for _ in 0..4 {
        reviews.push(Review::new("q1", "CLF-C02", due, Rating::Good));
        let next = scheduler.cards(&reviews).unwrap().remove(0);
        gaps.push((next.due - due).whole_days());
        due = next.due;
    }
    assert!(
        gaps.windows(2).all(|w| w[1] > w[0]),
        "intervals grow with each good review: {gaps:?}"
    );
}

#[test]
fn easier_ratings_give_later_due_days() {
    let scheduler = Scheduler::with_defaults().unwrap();
    let due = |rating| {
        let reviews = vec![
            Review::new("q", "X", DAY0, Rating::Again),
            Review::new("q", "X", DAY0 + Duration::days(2), rating),
        ];
        scheduler.cards(&reviews).unwrap()[0].due
    };
    let days = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy].map(due);
    assert!(days.windows(2).all(|w| w[0] <= w[1]), "{days:?}");
    assert!(days[0] < days[3], "{days:?}");
}

#[test]
fn cards_come_in_due_order_one_per_item() {
    let scheduler = Scheduler::with_defaults().unwrap();
    let reviews = vec![
        Review::new("b", "X", DAY0, Rating::Again),
        Review::new("a", "X", DAY0, Rating::Again),
        Review::new("a", "X", DAY0 + Duration::days(1), Rating::Easy),
    ];
    let cards = scheduler.cards(&reviews).unwrap();
    assert_eq!(cards.len(), 2);
    assert_eq!(cards[0].item, "b");
    assert_eq!(cards[1].reviews, 2);
}

#[test]
fn missed_and_unsure_questions_enter_the_queue() {
    let outcomes = [
        Outcome {
            item: "wrong",
            correct: false,
            flagged: false,
        },
        Outcome {
            item: "unsure",
            correct: true,
            flagged: true,
        },
        Outcome {
            item: "known",
            correct: true,
            flagged: false,
        },
        Outcome {
            item: "queued",
            correct: true,
            flagged: false,
        },
    ];
    let ratings = ratings_from_attempt(&outcomes, |item| item == "queued");
    assert_eq!(
        ratings,
        vec![
            ("wrong", Rating::Again),
            ("unsure", Rating::Hard),
            ("queued", Rating::Good)
        ]
    );
}

#[test]
fn parameters_are_fitted_once_there_are_enough_reviews() {
    assert!(!Scheduler::for_history(&[]).unwrap().is_personal());
    // A learner who forgets on the first day and then knows each item from the second review on.
    let mut reviews = Vec::new();
    for item in 0..20 {
        let mut day = DAY0;
        for (k, rating) in [Rating::Again, Rating::Good, Rating::Good, Rating::Good]
            .into_iter()
            .enumerate()
        {
            reviews.push(Review::new(format!("q{item}"), "X", day, rating));
            day += Duration::days(2_i64.pow(k as u32 + 1));
        }
    }
    assert!(reviews.len() >= OPTIMISE_FROM);
    let fitted = Scheduler::for_history(&reviews).unwrap();
    assert!(fitted.is_personal());
    assert_eq!(
        fitted.parameters().len(),
        Scheduler::with_defaults().unwrap().parameters().len()
    );
    assert!(
        fitted
            .cards(&reviews)
            .unwrap()
            .iter()
            .all(|c| c.due > c.last)
    );
}
