//! The measured phases: the trivial health route, then the exams (start, answer every
//! question once, submit), each with one keep-alive connection per simulated candidate.

use crate::cpu;
use crate::http::{Connection, Response, Target};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Barrier;
use tokio::task::JoinSet;

/// How many error messages each phase keeps to show.
const KEPT_ERRORS: usize = 8;

/// Error messages seen, with a count of all of them.
#[derive(Debug, Default)]
pub struct Errors {
    /// How many requests failed (non-2xx, unexpected body, connection error, time-out).
    pub count: u64,
    /// The first few messages.
    pub samples: Vec<String>,
}

impl Errors {
    fn add(&mut self, message: String) {
        self.count += 1;
        if self.samples.len() < KEPT_ERRORS {
            self.samples.push(message);
        }
    }

    fn merge(&mut self, other: Errors) {
        self.count += other.count;
        for sample in other.samples {
            if self.samples.len() < KEPT_ERRORS {
                self.samples.push(sample);
            }
        }
    }
}

fn micros(elapsed: Duration) -> u32 {
    u32::try_from(elapsed.as_micros()).unwrap_or(u32::MAX)
}

fn describe(what: &str, result: &std::io::Result<Response>) -> String {
    match result {
        Ok(response) => format!("{what}: HTTP {} {}", response.status, response.snippet()),
        Err(err) => format!("{what}: {err}"),
    }
}

/// What the health phase measured.
#[derive(Debug, Default)]
pub struct HealthRun {
    /// Requests answered "ok".
    pub ok: u64,
    /// Failed requests.
    pub errors: Errors,
    /// From the moment every connection was open to the last reply.
    pub elapsed: Duration,
    /// Each successful request's latency, in microseconds.
    pub latencies: Vec<u32>,
    /// CPU used by the server and the load generator meanwhile.
    pub cpu: cpu::Used,
}

/// `connections` connections, each sending `GET /health` back to back for `duration`.
pub async fn health(
    target: Arc<Target>,
    connections: usize,
    duration: Duration,
    watch: &cpu::Watch,
) -> HealthRun {
    let barrier = Arc::new(Barrier::new(connections + 1));
    let mut tasks = JoinSet::new();
    for _ in 0..connections {
        let target = target.clone();
        let barrier = barrier.clone();
        tasks.spawn(async move {
            let mut run = HealthRun::default();
            let mut connection = Connection::new(target);
            if let Err(err) = connection.open().await {
                run.errors.add(format!("connect: {err}"));
            }
            barrier.wait().await;
            let deadline = Instant::now() + duration;
            while Instant::now() < deadline {
                let sent = Instant::now();
                let result = connection.send("GET", "/health", None, None).await;
                match &result {
                    Ok(r) if r.status == 200 && r.body == b"ok" => {
                        run.ok += 1;
                        run.latencies.push(micros(sent.elapsed()));
                    }
                    _ => run.errors.add(describe("GET /health", &result)),
                }
            }
            run
        });
    }
    barrier.wait().await;
    let started = Instant::now();
    let before = watch.read();
    let mut total = HealthRun::default();
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok(run) => {
                total.ok += run.ok;
                total.errors.merge(run.errors);
                total.latencies.extend(run.latencies);
            }
            Err(err) => total
                .errors
                .add(format!("a connection's task failed: {err}")),
        }
    }
    total.elapsed = started.elapsed();
    total.cpu = watch.read().since(before);
    total
}

/// One acknowledged answer: the server replied 200 `{"recorded": true, ...}`.
#[derive(Debug, Clone)]
pub struct Acknowledged {
    /// The question's number (1-based, as in the URL).
    pub number: usize,
    /// The answer sent, as JSON (`{"choices": [...]}`, `{"order": ...}`, `{"matches": ...}`).
    pub answer: Value,
}

/// What one simulated candidate did.
#[derive(Debug, Default)]
pub struct Candidate {
    /// The attempt it started, if the start succeeded.
    pub attempt: Option<String>,
    /// How many questions its form has.
    pub questions: usize,
    /// Its acknowledged answers.
    pub acknowledged: Vec<Acknowledged>,
    /// Whether the submission was acknowledged.
    pub submitted: bool,
    /// Each acknowledged answer's latency, in microseconds.
    pub latencies: Vec<u32>,
    /// Its failed requests.
    pub errors: Errors,
}

/// What the exam phase measured.
#[derive(Debug, Default)]
pub struct ExamRun {
    /// Every candidate's outcome.
    pub candidates: Vec<Candidate>,
    /// Starting every attempt (all candidates at once).
    pub start: Duration,
    /// Answering every question (all candidates at once, after every start).
    pub answering: Duration,
    /// Submitting (all candidates at once, after every answer).
    pub submit: Duration,
    /// The whole phase, first start to last submission.
    pub total: Duration,
    /// Failures outside any candidate (a task that panicked).
    pub errors: Errors,
    /// CPU used by the server and the load generator in the answering window.
    pub answering_cpu: cpu::Used,
}

/// A small, fast, seedable generator (SplitMix64), so that candidates answer differently
/// but every run answers the same.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn shuffled(&mut self, n: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            all.swap(i, self.below(i + 1));
        }
        all
    }
}

/// An answer the server accepts for `question` (an element of the start reply's
/// `questions`): one choice, exactly "Select N" choices, a permutation of the steps, or one
/// response per prompt.
fn answer_for(question: &Value, rng: &mut Rng) -> Value {
    let options = question["options"].as_array().map_or(0, Vec::len);
    let prompts = question["prompts"].as_array().map_or(0, Vec::len);
    match question["kind"].as_str().unwrap_or("single") {
        "multiple" => {
            let select = question["select"].as_u64().unwrap_or(1) as usize;
            let mut chosen: Vec<usize> = rng.shuffled(options);
            chosen.truncate(select.min(options));
            chosen.sort_unstable();
            json!({ "choices": chosen })
        }
        "ordering" => json!({ "order": rng.shuffled(options) }),
        "matching" => {
            let matches: Vec<usize> = (0..prompts).map(|_| rng.below(options)).collect();
            json!({ "matches": matches })
        }
        _ => json!({ "choices": [rng.below(options)] }),
    }
}

/// What a started candidate needs to go on.
struct Started {
    cookie: String,
    id: String,
    questions: Vec<Value>,
}

async fn start(
    connection: &mut Connection,
    exam: &str,
    kind: &str,
    candidate: &mut Candidate,
) -> Option<Started> {
    let body = json!({ "exam": exam, "kind": kind }).to_string();
    let result = connection
        .send("POST", "/api/v1/attempts", None, Some(body.as_bytes()))
        .await;
    let what = "POST /api/v1/attempts";
    let response = match result {
        Ok(r) if r.status == 201 => r,
        other => {
            candidate.errors.add(describe(what, &other));
            return None;
        }
    };
    let Some(cookie) = response.session.clone() else {
        candidate
            .errors
            .add(format!("{what}: no {} cookie", "certpath_session"));
        return None;
    };
    let parsed: Value = match serde_json::from_slice(&response.body) {
        Ok(v) => v,
        Err(err) => {
            candidate.errors.add(format!("{what}: bad JSON: {err}"));
            return None;
        }
    };
    let (Some(id), Some(questions)) = (parsed["id"].as_str(), parsed["questions"].as_array())
    else {
        candidate
            .errors
            .add(format!("{what}: no id or questions in the reply"));
        return None;
    };
    candidate.attempt = Some(id.to_owned());
    candidate.questions = questions.len();
    Some(Started {
        cookie,
        id: id.to_owned(),
        questions: questions.clone(),
    })
}

/// One answer a candidate will send: built before the answering window, so that the window
/// measures sending and the server's work, not the load generator's JSON building.
struct Planned {
    number: usize,
    path: String,
    body: Vec<u8>,
    answer: Value,
}

/// Every answer `started`'s candidate sends, in order: each question `passes` times.
fn plan(
    started: &Started,
    passes: usize,
    rng: &mut Rng,
    candidate: &mut Candidate,
) -> Vec<Planned> {
    let mut planned = Vec::with_capacity(started.questions.len() * passes);
    for question in std::iter::repeat_n(&started.questions, passes).flatten() {
        let Some(number) = question["number"].as_u64() else {
            candidate.errors.add("a question without a number".into());
            continue;
        };
        let answer = answer_for(question, rng);
        planned.push(Planned {
            number: number as usize,
            path: format!("/api/v1/attempts/{}/answers/{number}", started.id),
            body: json!({ "answer": answer }).to_string().into_bytes(),
            answer,
        });
    }
    planned
}

/// The part of an answer's reply the benchmark checks.
#[derive(serde::Deserialize)]
struct Ack {
    recorded: bool,
}

async fn answer_all(
    connection: &mut Connection,
    started: &Started,
    planned: Vec<Planned>,
    candidate: &mut Candidate,
) {
    for Planned {
        number,
        path,
        body,
        answer,
    } in planned
    {
        let sent = Instant::now();
        let result = connection
            .send("PUT", &path, Some(&started.cookie), Some(&body))
            .await;
        let elapsed = sent.elapsed();
        let recorded = match &result {
            Ok(r) if r.status == 200 => {
                serde_json::from_slice::<Ack>(&r.body).is_ok_and(|ack| ack.recorded)
            }
            _ => false,
        };
        if recorded {
            candidate.latencies.push(micros(elapsed));
            candidate.acknowledged.push(Acknowledged { number, answer });
        } else {
            candidate.errors.add(describe("PUT answers", &result));
        }
    }
}

async fn submit(connection: &mut Connection, started: &Started, candidate: &mut Candidate) {
    let path = format!("/api/v1/attempts/{}/submit", started.id);
    let result = connection
        .send("POST", &path, Some(&started.cookie), Some(b"{}"))
        .await;
    match &result {
        Ok(r) if r.status == 200 => candidate.submitted = true,
        _ => candidate.errors.add(describe("POST submit", &result)),
    }
}

/// `candidates` simulated candidates, each on its own connection and visitor session: all
/// start an attempt of `exam`, then (once every start has returned) all answer every
/// question `passes` times (going through the form again changes every answer), then all
/// submit. The phases are separated so that the answering window holds answer submissions
/// only.
pub async fn exams(
    target: Arc<Target>,
    candidates: usize,
    exam: &str,
    kind: &str,
    passes: usize,
    seed: u64,
    watch: &cpu::Watch,
) -> ExamRun {
    // Every task waits at each barrier whatever happened to it, so a failure cannot hang
    // the others; the main task is the extra party and reads the clock there.
    let barriers: Arc<[Barrier; 4]> =
        Arc::new(std::array::from_fn(|_| Barrier::new(candidates + 1)));
    let mut tasks = JoinSet::new();
    for index in 0..candidates {
        let target = target.clone();
        let barriers = barriers.clone();
        let exam = exam.to_owned();
        let kind = kind.to_owned();
        tasks.spawn(async move {
            let mut candidate = Candidate::default();
            let mut rng = Rng(seed ^ (index as u64).wrapping_mul(0x2545_f491_4f6c_dd1d));
            let mut connection = Connection::new(target);
            if let Err(err) = connection.open().await {
                candidate.errors.add(format!("connect: {err}"));
            }
            barriers[0].wait().await;
            let started = start(&mut connection, &exam, &kind, &mut candidate).await;
            let planned = started
                .as_ref()
                .map(|started| plan(started, passes, &mut rng, &mut candidate));
            barriers[1].wait().await;
            if let (Some(started), Some(planned)) = (&started, planned) {
                answer_all(&mut connection, started, planned, &mut candidate).await;
            }
            barriers[2].wait().await;
            if let Some(started) = &started {
                submit(&mut connection, started, &mut candidate).await;
            }
            barriers[3].wait().await;
            candidate
        });
    }
    let mut run = ExamRun::default();
    barriers[0].wait().await;
    let began = Instant::now();
    barriers[1].wait().await;
    let answering = Instant::now();
    let before = watch.read();
    run.start = answering - began;
    barriers[2].wait().await;
    let submitting = Instant::now();
    run.answering_cpu = watch.read().since(before);
    run.answering = submitting - answering;
    barriers[3].wait().await;
    run.submit = submitting.elapsed();
    run.total = began.elapsed();
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok(candidate) => run.candidates.push(candidate),
            Err(err) => run.errors.add(format!("a candidate's task failed: {err}")),
        }
    }
    run
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_fit_their_questions() {
        let mut rng = Rng(7);
        let multiple =
            json!({"kind": "multiple", "select": 2, "options": [1, 2, 3, 4, 5], "prompts": []});
        let a = answer_for(&multiple, &mut rng);
        let choices = a["choices"].as_array().expect("choices");
        assert_eq!(choices.len(), 2);
        assert!(
            choices[0].as_u64() < choices[1].as_u64(),
            "sorted, distinct"
        );

        let ordering = json!({"kind": "ordering", "options": [1, 2, 3, 4], "prompts": []});
        let mut order: Vec<u64> = answer_for(&ordering, &mut rng)["order"]
            .as_array()
            .expect("order")
            .iter()
            .filter_map(Value::as_u64)
            .collect();
        order.sort_unstable();
        assert_eq!(order, [0, 1, 2, 3]);

        let matching = json!({"kind": "matching", "options": [1, 2, 3], "prompts": ["a", "b"]});
        let matches = answer_for(&matching, &mut rng)["matches"].clone();
        assert_eq!(matches.as_array().map(Vec::len), Some(2));
        assert!(
            matches
                .as_array()
                .expect("matches")
                .iter()
                .all(|m| m.as_u64() < Some(3))
        );

        let single = json!({"kind": "single", "options": [1, 2, 3, 4], "prompts": []});
        assert_eq!(
            answer_for(&single, &mut rng)["choices"]
                .as_array()
                .map(Vec::len),
            Some(1)
        );
    }

    #[test]
    fn a_plan_answers_every_question_once_per_pass_in_order() {
        let started = Started {
            cookie: "c".into(),
            id: "a1".into(),
            questions: vec![
                json!({"number": 1, "kind": "single", "options": [1, 2, 3, 4]}),
                json!({"number": 2, "kind": "multiple", "select": 2, "options": [1, 2, 3, 4, 5]}),
                json!({"kind": "single", "options": [1, 2]}),
            ],
        };
        let mut candidate = Candidate::default();
        let planned = plan(&started, 2, &mut Rng(3), &mut candidate);
        let numbers: Vec<usize> = planned.iter().map(|p| p.number).collect();
        assert_eq!(
            numbers,
            [1, 2, 1, 2],
            "each numbered question, once per pass"
        );
        assert_eq!(
            candidate.errors.count, 2,
            "the question without a number, twice"
        );
        for p in &planned {
            assert_eq!(p.path, format!("/api/v1/attempts/a1/answers/{}", p.number));
            let body: Value = serde_json::from_slice(&p.body).expect("JSON body");
            assert_eq!(
                body,
                json!({ "answer": p.answer }),
                "the body sends the answer kept"
            );
        }
    }
}
