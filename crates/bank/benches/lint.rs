//! Parse and lint a generated bank of 10,000 items: `cargo bench -p bank --bench lint`.

use bank::{LintContext, SourceFile, load};
use catalog::Catalog;

fn main() {
    divan::main();
}

/// A realistic single- or multiple-response item, different for every `n`.
fn item(n: usize) -> SourceFile {
    let multiple = n.is_multiple_of(5);
    let key = n % 4;
    let words = [
        "bucket", "queue", "table", "function", "cluster", "stream", "topic", "volume", "endpoint",
        "role",
    ];
    let w = |k: usize| words[(n / (k + 1) + k) % words.len()];
    let mut text = format!(
        "+++\nid = \"bench-{n:05}\"\ntype = \"{}\"\nstatus = \"reviewed\"\nreviewed = 2026-11-01\nauthor = \"bench\"\nangoff = 0.7\nservices = [\"Amazon S3\"]\nexams = [{{ code = \"SAA-C03\", domain = {}, task = \"{}.1\" }}]\n+++\n\n",
        if multiple { "multiple" } else { "single" },
        n % 4 + 1,
        n % 4 + 1,
    );
    text.push_str(&format!(
        "Company {n} stores data for its {} service in a {} and needs to process every {} within minutes while keeping the {} private. The team wants the option with the LEAST operational overhead for workload {n}.{}\n\n",
        w(1),
        w(2),
        w(3),
        w(4),
        if multiple { " (Select TWO.)" } else { "" }
    ));
    let options = if multiple { 5 } else { 4 };
    for i in 0..options {
        let correct = if multiple {
            i == key || i == (key + 1) % options
        } else {
            i == key
        };
        text.push_str(&format!(
            "- [{}] Use a managed {} with an event rule for item {n} option {i}\n  > This option {} because the {} handles the {} without servers to manage.\n",
            if correct { "x" } else { " " },
            w(i + 5),
            if correct { "works" } else { "fails" },
            w(i + 6),
            w(i + 7)
        ));
    }
    text.push_str(
        "\n## References\n\n- https://docs.aws.amazon.com/AmazonS3/latest/userguide/Welcome.html\n",
    );
    SourceFile::new(format!("bench/{n:05}.md"), text)
}

#[divan::bench(sample_count = 10)]
fn parse_and_lint_10000_items(bencher: divan::Bencher) {
    let files: Vec<SourceFile> = (0..10_000).map(item).collect();
    let catalog = Catalog::builtin().expect("catalog");
    let context = LintContext::new(&catalog, time::macros::date!(2026 - 12 - 01));
    bencher.bench(|| {
        let bank = load(divan::black_box(&files), &context);
        assert_eq!(bank.items.len(), 10_000);
        bank
    });
}
