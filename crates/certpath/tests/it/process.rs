//! The real binary: exit codes, help, completions, the man page and NO_COLOR.

use std::process::Command;

fn certpath(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_certpath"))
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("CERTPATH_CATALOG")
        .output()
        .expect("the binary runs")
}

#[test]
fn help_has_examples() {
    let out = certpath(&["--help"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Examples:") && text.contains("certpath advise"),
        "{text}"
    );
    let out = certpath(&["advise", "--help"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("--experience-years") && text.contains("profile file"),
        "{text}"
    );
}

#[test]
fn bad_usage_exits_2_with_the_error_on_stderr() {
    let out = certpath(&["catalog", "--frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("--frobnicate")
    );
    let out = certpath(&["advise", "--role", "astronaut"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn no_color_means_no_escape_codes() {
    let out = certpath(&["catalog", "show", "CLF-C02", "--on", "2026-12-01"]);
    assert!(out.status.success());
    assert!(!out.stdout.contains(&0x1b), "escape codes despite NO_COLOR");
    let out = certpath(&["advise", "--role", "nope"]);
    assert!(!out.stderr.contains(&0x1b), "escape codes despite NO_COLOR");
}

#[test]
fn completions_and_man_page_come_from_the_same_definition() {
    for shell in ["bash", "zsh", "fish"] {
        let out = certpath(&["completions", shell]);
        assert!(out.status.success(), "{shell}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains("experience-years"),
            "{shell} completion lacks the advise flags"
        );
    }
    let out = certpath(&["man"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with(".ie") || text.contains(".TH certpath"),
        "{}",
        &text[..200.min(text.len())]
    );
}

#[test]
fn serve_answers_http_and_stops_on_sigterm() {
    use std::io::{Read, Write as _};
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_certpath"))
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut response = String::new();
    for _ in 0..100 {
        if let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            stream
                .set_read_timeout(Some(std::time::Duration::from_secs(10)))
                .unwrap();
            stream.write_all(b"GET /api/v1/catalog/SAA-C03 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").unwrap();
            stream.read_to_string(&mut response).unwrap();
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("\"code\":\"SAA-C03\""), "{response}");
    // SIGTERM: a graceful stop with exit code 0.
    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let mut stopped = None;
    for _ in 0..200 {
        if let Some(status) = child.try_wait().unwrap() {
            stopped = Some(status);
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let Some(status) = stopped else {
        let _ = child.kill();
        panic!("certpath serve did not stop within 10 s of SIGTERM");
    };
    assert!(status.success(), "{status:?}");
}
