//! Embeds the repository's `bank/` folder: every `.md` file except README.md.

use std::path::{Path, PathBuf};
use std::{env, fs};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "md")
            && !path
                .file_name()
                .is_some_and(|n| n.eq_ignore_ascii_case("README.md"))
        {
            out.push(path);
        }
    }
}

fn main() {
    let manifest =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let bank = manifest.join("../../bank");
    println!("cargo:rerun-if-changed={}", bank.display());
    let mut files = Vec::new();
    collect(&bank, &mut files);
    files.sort();
    let mut code = String::from(
        "/// The embedded bank files: (path relative to `bank/`, contents).\npub(crate) const FILES: &[(&str, &str)] = &[\n",
    );
    for path in &files {
        let relative = path
            .strip_prefix(&bank)
            .expect("under bank/")
            .to_string_lossy()
            .replace('\\', "/");
        code.push_str(&format!(
            "    ({relative:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    code.push_str("];\n");
    fs::write(
        PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("bank.rs"),
        code,
    )
    .expect("OUT_DIR is writable");
}
