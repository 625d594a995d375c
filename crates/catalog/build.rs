//! Embeds the catalog data files: lists `data/exams/*.toml` so that adding a file needs no code.

use std::{env, fs, path::Path};

fn main() {
    let manifest_dir = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let data = Path::new(&manifest_dir).join("data");
    println!("cargo:rerun-if-changed={}", data.display());

    let mut exams: Vec<_> = fs::read_dir(data.join("exams"))
        .expect("crates/catalog/data/exams exists")
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    exams.sort();

    let mut out =
        String::from("/// The embedded exam files: (path relative to `data/`, contents).\n");
    out.push_str("pub(crate) const EXAM_FILES: &[(&str, &str)] = &[\n");
    for path in &exams {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("UTF-8 file name");
        out.push_str(&format!(
            "    (\"exams/{name}\", include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    out.push_str("];\n");
    out.push_str(&format!(
        "/// The embedded sources file.\npub(crate) const SOURCES_FILE: &str = include_str!({:?});\n",
        data.join("sources.toml").display().to_string()
    ));
    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    fs::write(Path::new(&out_dir).join("builtin.rs"), out).expect("OUT_DIR is writable");
}
