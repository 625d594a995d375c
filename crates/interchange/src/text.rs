//! Text helpers shared by the formats: ids, paragraphs, links and the references trailer.

use bank::Reference;

/// `text` as an id part: lower-case ASCII letters, digits, dots and dashes, at most `max`
/// bytes, with no dash or dot at either end.
pub(crate) fn slug(text: &str, max: usize) -> String {
    let mut out = String::new();
    for c in text.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let mut out = out.trim_matches(['-', '.']).to_owned();
    if out.len() > max {
        out.truncate(max);
        out = out.trim_end_matches(['-', '.']).to_owned();
    }
    out
}

/// Whether `id` is a valid bank id.
pub(crate) fn is_bank_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
}

/// The file name without folders or the format's extensions, as an id prefix.
pub(crate) fn source_stem(source_name: &str) -> String {
    let name = source_name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(source_name);
    let mut name = name;
    loop {
        let lower = name.to_ascii_lowercase();
        let Some(stripped) = [".txt", ".gift", ".xml", ".csv", ".json", ".tsv", ".qti"]
            .iter()
            .find(|ext| lower.ends_with(*ext))
            .map(|ext| &name[..name.len() - ext.len()])
        else {
            break;
        };
        name = stripped;
    }
    let stem = slug(name, 40);
    if stem.is_empty() {
        "imported".to_owned()
    } else {
        stem
    }
}

/// Paragraphs: text split at blank lines, each trimmed, empty ones dropped.
pub(crate) fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(current.join("\n").trim().to_owned());
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        out.push(current.join("\n").trim().to_owned());
    }
    out
}

/// The lines of a paragraph as a reader sees them: Markdown joins soft-wrapped lines, so they
/// become one line, unless the paragraph is a list, a table, code or quoted text, whose line
/// breaks matter.
pub(crate) fn visual_lines(paragraph: &str) -> Vec<String> {
    let structured = paragraph.lines().any(|line| {
        let t = line.trim_start();
        t.starts_with("- ")
            || t.starts_with("* ")
            || t.starts_with("+ ")
            || t.starts_with('|')
            || t.starts_with('>')
            || t.starts_with("```")
            || t.starts_with("~~~")
            || line.starts_with("    ")
            || line.starts_with('\t')
            || {
                let digits = t.bytes().take_while(u8::is_ascii_digit).count();
                digits > 0 && t[digits..].starts_with(". ")
            }
    });
    if structured {
        paragraph.lines().map(str::to_owned).collect()
    } else {
        vec![
            paragraph
                .lines()
                .map(str::trim)
                .collect::<Vec<_>>()
                .join(" "),
        ]
    }
}

/// Text with soft line breaks joined, as [`visual_lines`] reads each paragraph.
pub(crate) fn soft_joined(text: &str) -> String {
    paragraphs(text)
        .iter()
        .map(|p| visual_lines(p).join("\n"))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Whether the text uses Markdown markup that a plain-text format would show literally.
pub(crate) fn looks_like_markdown(text: &str) -> bool {
    text.contains("**")
        || text.contains('`')
        || text.contains("](")
        || text.contains("__")
        || text.lines().any(|line| {
            let t = line.trim_start();
            t.starts_with("- ")
                || t.starts_with("* ")
                || t.starts_with('#')
                || t.starts_with('|')
                || t.starts_with('>')
        })
}

fn is_url(text: &str) -> bool {
    (text.starts_with("http://") || text.starts_with("https://"))
        && text.len() > "https://".len()
        && !text.contains(char::is_whitespace)
}

/// One line of a references list: `- [title](url)`, `- <url>` or `- url`.
fn reference_line(line: &str) -> Option<Reference> {
    let item = line
        .trim()
        .strip_prefix("- ")
        .or_else(|| line.trim().strip_prefix("* "))?
        .trim();
    if let Some(rest) = item.strip_prefix('[') {
        let (title, rest) = rest.split_once("](")?;
        let url = rest.strip_suffix(')')?.trim();
        return is_url(url).then(|| Reference {
            title: Some(title.to_owned()),
            url: url.to_owned(),
            span: 0..0,
        });
    }
    let url = item
        .strip_prefix('<')
        .and_then(|u| u.strip_suffix('>'))
        .unwrap_or(item);
    is_url(url).then(|| Reference {
        title: None,
        url: url.to_owned(),
        span: 0..0,
    })
}

/// The heading line of the references trailer that exports append to the explanation.
pub(crate) const REFERENCES_HEADING: &str = "References:";

/// Splits a references trailer off an explanation: a line `References:` (or `References`)
/// followed only by list lines that each hold one link. Returns the explanation without it and
/// the references (none when the text has no such trailer).
pub(crate) fn split_references(text: &str) -> (String, Vec<Reference>) {
    let lines: Vec<&str> = text.lines().collect();
    let Some(start) = lines.iter().rposition(|line| {
        let t = line
            .trim()
            .trim_start_matches(['*', '#', ' '])
            .trim_end_matches('*');
        t.eq_ignore_ascii_case("references:") || t.eq_ignore_ascii_case("references")
    }) else {
        return (text.to_owned(), Vec::new());
    };
    let mut references = Vec::new();
    for line in &lines[start + 1..] {
        if line.trim().is_empty() {
            continue;
        }
        match reference_line(line) {
            Some(reference) => references.push(reference),
            None => return (text.to_owned(), Vec::new()),
        }
    }
    if references.is_empty() {
        return (text.to_owned(), Vec::new());
    }
    (lines[..start].join("\n").trim().to_owned(), references)
}

/// The explanation with a references trailer, as the single-text formats carry them.
pub(crate) fn with_references(explanation: &str, references: &[Reference]) -> String {
    if references.is_empty() {
        return explanation.to_owned();
    }
    let mut out = explanation.trim().to_owned();
    if !out.is_empty() {
        out.push_str("\n\n");
    }
    out.push_str(REFERENCES_HEADING);
    for reference in references {
        out.push_str("\n- ");
        match &reference.title {
            Some(title) => out.push_str(&format!("[{title}]({})", reference.url)),
            None => out.push_str(&reference.url),
        }
    }
    out
}

/// Links in Markdown text: `[title](url)` and bare `http(s)://` URLs, in order.
pub(crate) fn find_links(text: &str) -> Vec<Reference> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        if let Some(after_bracket) = rest.strip_prefix('[')
            && let Some(close) = after_bracket.find("](")
        {
            let title = &after_bracket[..close];
            let after = &after_bracket[close + 2..];
            if !title.contains(['\n', '['])
                && let Some(end) = after.find(')')
                && is_url(after[..end].trim())
            {
                out.push(Reference {
                    title: (!title.trim().is_empty()).then(|| title.trim().to_owned()),
                    url: after[..end].trim().to_owned(),
                    span: 0..0,
                });
                i += 1 + close + 2 + end + 1;
                continue;
            }
        }
        if rest.starts_with("http://") || rest.starts_with("https://") {
            let end = rest
                .find(|c: char| {
                    c.is_whitespace() || matches!(c, ')' | '>' | '<' | ']' | '"' | '\'' | '`')
                })
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':', '!', '?']);
            if is_url(url) {
                out.push(Reference {
                    title: None,
                    url: url.to_owned(),
                    span: 0..0,
                });
            }
            i += end.max(1);
            continue;
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    out
}

/// Adds references whose URL is not in the list yet.
pub(crate) fn merge_references(into: &mut Vec<Reference>, more: Vec<Reference>) {
    for reference in more {
        if !into.iter().any(|r| r.url == reference.url) {
            into.push(reference);
        }
    }
}

/// Option text on one line per paragraph line: lines trimmed, blank lines dropped.
pub(crate) fn option_text(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Upper-case letter for a zero-based option index (A–Z, then AA...).
pub(crate) fn letter(index: usize) -> String {
    let mut n = index;
    let mut out = Vec::new();
    loop {
        out.push(char::from(b'A' + (n % 26) as u8));
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    out.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_stems() {
        assert_eq!(slug("Which AWS service: S3?", 48), "which-aws-service-s3");
        assert_eq!(source_stem("dir/My Questions.gift.txt"), "my-questions");
        assert_eq!(source_stem(""), "imported");
        assert_eq!(letter(0), "A");
        assert_eq!(letter(25), "Z");
        assert_eq!(letter(26), "AA");
    }

    #[test]
    fn the_references_trailer_round_trips() {
        let refs = vec![
            Reference {
                title: Some("Guide".into()),
                url: "https://docs.aws.amazon.com/a".into(),
                span: 0..0,
            },
            Reference {
                title: None,
                url: "https://docs.aws.amazon.com/b".into(),
                span: 0..0,
            },
        ];
        let text = with_references("Because.", &refs);
        assert_eq!(split_references(&text), ("Because.".to_owned(), refs));
        let (text, refs) = split_references("See the references below.");
        assert_eq!(text, "See the references below.");
        assert!(refs.is_empty());
    }

    #[test]
    fn links_are_found_in_text() {
        let links = find_links(
            "See [the guide](https://docs.aws.amazon.com/x) and https://aws.amazon.com/y.",
        );
        let urls: Vec<_> = links.iter().map(|r| r.url.as_str()).collect();
        assert_eq!(
            urls,
            ["https://docs.aws.amazon.com/x", "https://aws.amazon.com/y"]
        );
        assert_eq!(links[0].title.as_deref(), Some("the guide"));
    }
}
