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
