//! Crash safety: kill -9 the process in the middle of an attempt; nothing acknowledged is lost.

use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

fn certpath(database: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_certpath"))
        .args(["--database", database])
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

#[test]
fn killing_the_process_mid_exam_loses_nothing_that_was_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("crash.db").display().to_string();
    let started = certpath(
        &database,
        &["attempt", "start", "SAA-C03", "--seed", "21", "--json"],
    );
    assert!(
        started.status.success(),
        "{}",
        String::from_utf8_lossy(&started.stderr)
    );
    let started: Value = serde_json::from_slice(&started.stdout).unwrap();
    let id = started["id"].as_str().unwrap().to_owned();
    let deadline = started["deadline"].clone();

    let mut child = Command::new(env!("CARGO_BIN_EXE_certpath"))
        .args(["--database", &database, "attempt", "play", &id])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut acks = BufReader::new(child.stdout.take().unwrap());
    let mut acknowledged = Vec::new();
    for question in 1..=30usize {
        let letter = ["A", "B", "C", "D"][question % 4];
        writeln!(
            stdin,
            r#"{{"op":"answer","question":{question},"answer":"{letter}"}}"#
        )
        .unwrap();
        if question % 7 == 0 {
            writeln!(stdin, r#"{{"op":"flag","question":{question}}}"#).unwrap();
        }
        stdin.flush().unwrap();
        let mut line = String::new();
        acks.read_line(&mut line).unwrap();
        let ack: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(ack["ok"], true, "{line}");
        if question % 7 == 0 {
            line.clear();
            acks.read_line(&mut line).unwrap();
        }
        acknowledged.push((question, letter));
    }
    // More commands in flight, then SIGKILL without waiting for their acknowledgements.
    for question in 31..=40 {
        writeln!(
            stdin,
            r#"{{"op":"answer","question":{question},"answer":"A"}}"#
        )
        .unwrap();
    }
    stdin.flush().unwrap();
    child.kill().unwrap();
    child.wait().unwrap();

    let shown = certpath(&database, &["attempt", "show", &id, "--json"]);
    assert!(
        shown.status.success(),
        "{}",
        String::from_utf8_lossy(&shown.stderr)
    );
    let shown: Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(shown["status"], "in progress", "the attempt resumes");
    assert_eq!(shown["deadline"], deadline, "the deadline held");
    let questions = shown["questions"].as_array().unwrap();
    for (question, letter) in acknowledged {
        let position = u64::from(letter.as_bytes()[0] - b'A');
        assert_eq!(
            questions[question - 1]["answer"]["choices"][0],
            position,
            "question {question} kept its answer"
        );
        assert_eq!(
            questions[question - 1]["flagged"],
            question % 7 == 0,
            "question {question} kept its flag"
        );
    }
    // The attempt goes on after the crash.
    let answered = certpath(&database, &["attempt", "answer", &id, "41", "B"]);
    assert!(
        answered.status.success(),
        "{}",
        String::from_utf8_lossy(&answered.stderr)
    );
}
