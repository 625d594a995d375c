//! The built-in question bank: the repository's `bank/` folder, compiled into the binary.
//!
//! The files stay plain text in the repository (authored and reviewed like code); this crate
//! only embeds them so `certpath` works with no bank on disk.
//!
//! # Example
//!
//! ```
//! let files = builtin_bank::files();
//! assert!(files.iter().any(|f| f.path.starts_with("bank/saa-c03/")));
//! ```

use bank::SourceFile;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/bank.rs"));
}

/// Every built-in bank file, with paths like `bank/saa-c03/<id>.md`.
pub fn files() -> Vec<SourceFile> {
    embedded::FILES
        .iter()
        .map(|(path, text)| SourceFile::new(format!("bank/{path}"), *text))
        .collect()
}
