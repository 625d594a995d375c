//! Bank Markdown as HTML that is safe to insert: CommonMark with tables and strikethrough,
//! where raw HTML in the source is shown as text instead of passed through.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, html};

/// Whether a link or image target is one a browser would run or inline.
fn is_unsafe_url(url: &str) -> bool {
    let scheme: String = url
        .trim_start()
        .chars()
        .take_while(|c| *c != ':')
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    url.contains(':') && matches!(scheme.as_str(), "javascript" | "vbscript" | "data" | "file")
}

/// The HTML of Markdown `text`; any HTML tags in it are escaped, so the result holds only
/// the elements Markdown itself produces (no scripts, no attributes but links' `href`).
pub(crate) fn to_html(text: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let events = Parser::new_ext(text, options).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) if is_unsafe_url(&dest_url) => Event::Start(Tag::Link {
            link_type,
            dest_url: CowStr::Borrowed("#"),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) if is_unsafe_url(&dest_url) => Event::Start(Tag::Image {
            link_type,
            dest_url: CowStr::Borrowed("#"),
            title,
            id,
        }),
        other => other,
    });
    let mut out = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

/// The HTML of a short Markdown text shown inline (an option): without the paragraph
/// around a single paragraph.
pub(crate) fn to_inline_html(text: &str) -> String {
    let html = to_html(text);
    let trimmed = html.trim_end();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|rest| rest.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_owned(),
        _ => html,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_renders_and_raw_html_is_escaped() {
        assert_eq!(
            to_html("Use `s3:GetObject`."),
            "<p>Use <code>s3:GetObject</code>.</p>\n"
        );
        let html = to_html("<script>alert(1)</script>\n\nand <b onclick=x>bold</b>");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<b "), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert_eq!(to_inline_html("An *option*"), "An <em>option</em>");
    }

    #[test]
    fn javascript_links_are_not_made_clickable() {
        let html = to_html("[x](javascript:alert(1))");
        assert!(!html.contains("href=\"javascript:"), "{html}");
    }
}
