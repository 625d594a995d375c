//! Imported HTML: sanitised with ammonia, then written as Markdown where that is faithful.
//!
//! **The choice.** Bank text is Markdown, and Markdown allows inline HTML, so sanitised HTML
//! could be kept as it is. It is kept only where Markdown has no equivalent (tables, nested
//! lists, sub- and superscripts): paragraphs, line breaks, bold, italics, code, links, images,
//! flat lists, quotes and preformatted blocks become Markdown, so an imported item reads like an
//! authored one in review diffs; headings become bold paragraphs, since a `##` line would end
//! the stem in the bank format. Every piece of HTML goes through ammonia first with a
//! conservative allow-list; `<script>` and `<style>` are dropped with their content and every
//! attribute but `a[href]`, `img[src, alt]` and table spans is removed.

use crate::xml::{self, Element, Mode, Node};
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// Text made from HTML, with what the conversion had to drop.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Converted {
    pub(crate) text: String,
    pub(crate) warnings: Vec<String>,
}

#[rustfmt::skip]
const TAGS: [&str; 31] = [
    "p", "br", "strong", "b", "em", "i", "code", "pre", "ul", "ol", "li", "a", "img", "table",
    "thead", "tbody", "tfoot", "tr", "th", "td", "sub", "sup", "div", "blockquote", "h1", "h2",
    "h3", "h4", "h5", "h6", "hr",
];

/// Markers of content that the sanitiser removes, for the import note.
const UNSAFE: [(&str, &str); 11] = [
    ("<script", "<script>"),
    ("<style", "<style>"),
    ("<iframe", "<iframe>"),
    ("<object", "<object>"),
    ("<embed", "<embed>"),
    ("<form", "<form>"),
    ("<input", "<input>"),
    ("<button", "<button>"),
    ("<link", "<link>"),
    ("<meta", "<meta>"),
    ("javascript:", "javascript: URLs"),
];

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::empty();
    builder
        .tags(HashSet::from(TAGS))
        .clean_content_tags(HashSet::from(["script", "style"]))
        .tag_attributes(HashMap::from([
            ("a", HashSet::from(["href"])),
            ("img", HashSet::from(["src", "alt"])),
            ("td", HashSet::from(["colspan", "rowspan"])),
            ("th", HashSet::from(["colspan", "rowspan"])),
        ]))
        .generic_attributes(HashSet::new())
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(None)
        .strip_comments(true);
    builder
});

/// What the sanitiser will remove from this text, and embedded files it refers to.
fn warnings_for(input: &str) -> Vec<String> {
    let lower = input.to_ascii_lowercase();
    let mut removed: Vec<&str> = UNSAFE
        .iter()
        .filter(|(marker, _)| lower.contains(marker))
        .map(|(_, name)| *name)
        .collect();
    if has_event_handler(&lower) {
        removed.push("event-handler attributes");
    }
    let mut warnings = Vec::new();
    if !removed.is_empty() {
        warnings.push(format!("unsafe HTML removed: {}", removed.join(", ")));
    }
    if input.contains("@@PLUGINFILE@@") {
        warnings.push(
            "embedded files (@@PLUGINFILE@@) are not imported; the text still refers to them"
                .to_owned(),
        );
    }
    warnings
}

/// Whether some tag has an `on...=` attribute.
fn has_event_handler(lower: &str) -> bool {
    lower.split('<').skip(1).any(|tag| {
        let tag = tag.split('>').next().unwrap_or_default();
        tag.split(|c: char| c.is_ascii_whitespace() || c == '/')
            .skip(1)
            .any(|attr| {
                attr.strip_prefix("on").is_some_and(|rest| {
                    let name_len = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
                    name_len > 0 && rest[name_len..].trim_start().starts_with('=')
                })
            })
    })
}

/// Whether the text holds something an HTML parser reads as a tag or comment.
pub(crate) fn has_tag(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(i, b)| {
        *b == b'<'
            && bytes
                .get(i + 1)
                .is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, b'/' | b'!' | b'?'))
            && text[i + 1..].contains('>')
    })
}

fn sanitize(html: &str) -> Option<Element> {
    let clean = CLEANER.clean(html).to_string();
    xml::parse(&clean, Mode::Html).ok()
}

/// HTML (Moodle's `html` format, QTI's XHTML content) as Markdown.
pub(crate) fn html_to_markdown(html: &str) -> Converted {
    let mut warnings = warnings_for(html);
    let Some(tree) = sanitize(html) else {
        // ammonia's output always reads back; should it not, keep the sanitised HTML.
        return Converted {
            text: CLEANER.clean(html).to_string().trim().to_owned(),
            warnings,
        };
    };
    relative_images(&tree, &mut warnings);
    let mut blocks = Vec::new();
    render_blocks(&tree.children, &mut blocks);
    Converted {
        text: blocks.join("\n\n"),
        warnings,
    }
}

/// Markdown or plain text that may hold HTML tags: the tags are sanitised and kept as inline
/// HTML, the text around them is kept as written.
pub(crate) fn sanitize_inline_html(text: &str) -> Converted {
    let mut warnings = warnings_for(text);
    if !has_tag(text) {
        return Converted {
            text: text.trim().to_owned(),
            warnings,
        };
    }
    let Some(tree) = sanitize(text) else {
        return Converted {
            text: CLEANER.clean(text).to_string().trim().to_owned(),
            warnings,
        };
    };
    relative_images(&tree, &mut warnings);
    let mut out = String::new();
    for node in &tree.children {
        write_raw(node, &mut out);
    }
    Converted {
        text: out.trim().to_owned(),
        warnings,
    }
}

fn relative_images(tree: &Element, warnings: &mut Vec<String>) {
    for element in tree.descendants() {
        if element.name != "img" {
            continue;
        }
        let src = element.attr("src").unwrap_or_default();
        if src.contains("@@PLUGINFILE@@") {
            continue;
        }
        if !src.starts_with("http://") && !src.starts_with("https://") {
            warnings.push(format!(
                "image `{src}` has a relative path; the file is not imported"
            ));
        }
    }
}

/// Text as Markdown: `<` that would open a tag is written `&lt;`.
fn escape_markdown_text(text: &str, out: &mut String) {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '<'
            && chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?'))
        {
            out.push_str("&lt;");
        } else {
            out.push(c);
        }
    }
}

/// Sanitised HTML written back as it was, with text kept verbatim but for tag openers.
fn write_raw(node: &Node, out: &mut String) {
    match node {
        Node::Text(text) => escape_markdown_text(text, out),
        Node::Element(element) => {
            write_start(element, out);
            if !is_void(&element.name) {
                for child in &element.children {
                    write_raw(child, out);
                }
                out.push_str("</");
                out.push_str(&element.name);
                out.push('>');
            }
        }
    }
}

fn is_void(name: &str) -> bool {
    matches!(name, "br" | "img" | "hr")
}

fn write_start(element: &Element, out: &mut String) {
    out.push('<');
    out.push_str(&element.name);
    for (key, value) in &element.attrs {
        out.push(' ');
        out.push_str(key);
        out.push_str("=\"");
        out.push_str(&value.replace('&', "&amp;").replace('"', "&quot;"));
        out.push('"');
    }
    out.push('>');
}

/// An element as HTML, for the blocks Markdown cannot express.
fn write_html(element: &Element, out: &mut String) {
    write_start(element, out);
    if is_void(&element.name) {
        return;
    }
    for child in &element.children {
        match child {
            Node::Text(text) => {
                let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                out.push_str(
                    &text
                        .replace('&', "&amp;")
                        .replace('<', "&lt;")
                        .replace('>', "&gt;"),
                );
            }
            Node::Element(child) => write_html(child, out),
        }
    }
    out.push_str("</");
    out.push_str(&element.name);
    out.push('>');
}

/// Block-level rendering: paragraphs, lists, code blocks and tables, one string each.
fn render_blocks(nodes: &[Node], blocks: &mut Vec<String>) {
    let mut paragraph = String::new();
    for node in nodes {
        match node {
            Node::Text(_) => render_inline(std::slice::from_ref(node), &mut paragraph),
            Node::Element(element) => match element.name.as_str() {
                "p" => {
                    flush(&mut paragraph, blocks);
                    render_inline(&element.children, &mut paragraph);
                    flush(&mut paragraph, blocks);
                }
                "ul" | "ol" => {
                    flush(&mut paragraph, blocks);
                    blocks.push(render_list(element));
                }
                "pre" => {
                    flush(&mut paragraph, blocks);
                    blocks.push(render_pre(element));
                }
                "table" => {
                    flush(&mut paragraph, blocks);
                    let mut html = String::new();
                    write_html(element, &mut html);
                    blocks.push(html);
                }
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                    // A heading would end the stem in the bank format: bold text instead.
                    flush(&mut paragraph, blocks);
                    let mut heading = String::new();
                    render_inline(&element.children, &mut heading);
                    let heading = tidy_lines(&heading).replace('\n', " ");
                    if !heading.is_empty() {
                        blocks.push(format!("**{heading}**"));
                    }
                }
                "blockquote" => {
                    flush(&mut paragraph, blocks);
                    let mut inner = Vec::new();
                    render_blocks(&element.children, &mut inner);
                    let quoted: Vec<String> = inner
                        .join("\n\n")
                        .lines()
                        .map(|line| format!("> {line}").trim_end().to_owned())
                        .collect();
                    if !quoted.is_empty() {
                        blocks.push(quoted.join("\n"));
                    }
                }
                "hr" => flush(&mut paragraph, blocks),
                "div" | "li" | "thead" | "tbody" | "tfoot" | "tr" | "th" | "td" => {
                    flush(&mut paragraph, blocks);
                    render_blocks(&element.children, blocks);
                }
                _ => render_inline(std::slice::from_ref(node), &mut paragraph),
            },
        }
    }
    flush(&mut paragraph, blocks);
}

/// Ends a paragraph: every line trimmed, empty paragraphs dropped.
fn flush(paragraph: &mut String, blocks: &mut Vec<String>) {
    let text = tidy_lines(paragraph);
    paragraph.clear();
    if !text.is_empty() {
        blocks.push(text);
    }
}

/// Trims every line and the whole text.
pub(crate) fn tidy_lines(text: &str) -> String {
    text.split('\n')
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_owned()
}

fn render_inline(nodes: &[Node], out: &mut String) {
    for node in nodes {
        match node {
            Node::Text(text) => {
                let mut collapsed = String::new();
                for c in text.chars() {
                    if c.is_whitespace() && c != '\u{a0}' {
                        if !collapsed.ends_with(' ') {
                            collapsed.push(' ');
                        }
                    } else {
                        collapsed.push(c);
                    }
                }
                if collapsed.starts_with(' ') && (out.ends_with(' ') || out.ends_with('\n')) {
                    collapsed.remove(0);
                }
                escape_markdown_text(&collapsed, out);
            }
            Node::Element(element) => render_inline_element(element, out),
        }
    }
}

fn render_inline_element(element: &Element, out: &mut String) {
    match element.name.as_str() {
        "br" => {
            while out.ends_with(' ') {
                out.pop();
            }
            out.push('\n');
        }
        "strong" | "b" => wrap(element, "**", out),
        "em" | "i" => wrap(element, "*", out),
        "code" => {
            let code = element
                .text()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if code.is_empty() {
                return;
            }
            let fence = if code.contains('`') { "``" } else { "`" };
            out.push_str(fence);
            if code.starts_with('`') || code.ends_with('`') {
                out.push(' ');
                out.push_str(&code);
                out.push(' ');
            } else {
                out.push_str(&code);
            }
            out.push_str(fence);
        }
        "a" => {
            let mut inner = String::new();
            render_inline(&element.children, &mut inner);
            let inner = inner.trim();
            match element.attr("href") {
                Some(href) if inner.is_empty() || inner == href => out.push_str(href),
                Some(href) => {
                    out.push('[');
                    out.push_str(inner);
                    out.push_str("](");
                    out.push_str(href);
                    out.push(')');
                }
                None => out.push_str(inner),
            }
        }
        "img" => {
            out.push_str("![");
            out.push_str(element.attr("alt").unwrap_or_default());
            out.push_str("](");
            out.push_str(element.attr("src").unwrap_or_default());
            out.push(')');
        }
        "sub" | "sup" => {
            let mut html = String::new();
            write_html(element, &mut html);
            out.push_str(&html);
        }
        "p" | "ul" | "ol" | "li" | "pre" | "table" | "tr" | "div" | "blockquote" | "h1" | "h2"
        | "h3" | "h4" | "h5" | "h6" | "hr" => {
            // A block inside inline content (a paragraph in a list item): a line of its own.
            if !out.is_empty() && !out.ends_with('\n') {
                out.push('\n');
            }
            render_inline(&element.children, out);
            out.push('\n');
        }
        _ => render_inline(&element.children, out),
    }
}

/// Inline content between Markdown markers, with surrounding spaces moved outside them.
fn wrap(element: &Element, marker: &str, out: &mut String) {
    let mut inner = String::new();
    render_inline(&element.children, &mut inner);
    if inner.trim().is_empty() {
        out.push_str(&inner);
        return;
    }
    if inner.starts_with(' ') && !out.ends_with(' ') {
        out.push(' ');
    }
    out.push_str(marker);
    out.push_str(inner.trim());
    out.push_str(marker);
    if inner.ends_with(' ') {
        out.push(' ');
    }
}

fn render_list(list: &Element) -> String {
    let nested = list
        .elements()
        .flat_map(|li| li.descendants())
        .any(|e| matches!(e.name.as_str(), "ul" | "ol" | "table" | "pre"));
    if nested {
        let mut html = String::new();
        write_html(list, &mut html);
        return html;
    }
    let ordered = list.name == "ol";
    let mut lines = Vec::new();
    for (index, item) in list.elements().filter(|e| e.name == "li").enumerate() {
        let mut text = String::new();
        render_inline(&item.children, &mut text);
        let text = tidy_lines(&text);
        let marker = if ordered {
            format!("{}. ", index + 1)
        } else {
            "- ".to_owned()
        };
        let indent = " ".repeat(marker.len());
        let body = text.replace('\n', &format!("\n{indent}"));
        lines.push(format!("{marker}{body}"));
    }
    lines.join("\n")
}

fn render_pre(pre: &Element) -> String {
    let code = pre.text();
    let code = code.trim_end_matches('\n');
    let fence = if code.contains("```") { "~~~" } else { "```" };
    format!("{fence}\n{code}\n{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_and_inline_markup_become_markdown() {
        let md = html_to_markdown(
            "<p>Which <b>two</b> services?</p><p>Use <code>s3:GetObject</code> and <a href=\"https://docs.aws.amazon.com/s3/\">the guide</a>.</p>",
        );
        assert_eq!(
            md.text,
            "Which **two** services?\n\nUse `s3:GetObject` and [the guide](https://docs.aws.amazon.com/s3/)."
        );
        assert!(md.warnings.is_empty());
    }

    #[test]
    fn scripts_are_removed_with_a_warning() {
        let md = html_to_markdown("<p onclick=\"x()\">Hi<script>alert(1)</script></p>");
        assert_eq!(md.text, "Hi");
        assert_eq!(
            md.warnings,
            ["unsafe HTML removed: <script>, event-handler attributes"]
        );
    }

    #[test]
    fn lists_breaks_and_tables() {
        let md = html_to_markdown(
            "a<br>b<ul><li>one</li><li>two</li></ul><table><tr><td>x &amp; y</td></tr></table>",
        );
        assert_eq!(
            md.text,
            "a\nb\n\n- one\n- two\n\n<table><tbody><tr><td>x &amp; y</td></tr></tbody></table>"
        );
    }

    #[test]
    fn block_elements_keep_their_separation() {
        let md = html_to_markdown(
            "<h2>Scenario</h2><div>one</div><div>two</div><blockquote><p>quoted</p></blockquote><hr>end",
        );
        assert_eq!(md.text, "**Scenario**\n\none\n\ntwo\n\n> quoted\n\nend");
    }

    #[test]
    fn text_that_looks_like_a_tag_stays_text() {
        let md = html_to_markdown("<p>&lt;script&gt; and a &lt; b</p>");
        assert_eq!(md.text, "&lt;script> and a < b");
    }

    #[test]
    fn inline_html_in_markdown_is_sanitised_and_the_rest_kept() {
        let md = sanitize_inline_html("Pick *one*:\n<b>bold</b> <script>x</script>a < b");
        assert_eq!(md.text, "Pick *one*:\n<b>bold</b> a < b");
        let plain = sanitize_inline_html("  a < b & c  ");
        assert_eq!(plain.text, "a < b & c");
    }
}
