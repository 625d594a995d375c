//! A small element tree read with quick-xml, and a writer on quick-xml's [`Writer`].
//!
//! The formats here are read as trees, not streams: Moodle XML and QTI are small documents
//! whose parts refer to each other (a response declaration names the correct choices of an
//! interaction further down). quick-xml does the tokenising; this module only stacks its
//! events into [`Element`]s, resolves entity references, and caps the nesting depth so that no
//! input can exhaust the stack of the recursive code that walks the tree.

use quick_xml::events::{BytesCData, BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::{Reader, Writer, XmlVersion};
use std::borrow::Cow;

/// Deeper nesting than this is refused; no question format needs a tenth of it.
const MAX_DEPTH: usize = 256;

/// HTML's void elements, which have a start tag and no end tag.
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// An element: its local name (without prefix), attributes, children and where it starts.
#[derive(Debug, Clone, Default)]
pub(crate) struct Element {
    pub(crate) name: String,
    pub(crate) attrs: Vec<(String, String)>,
    pub(crate) children: Vec<Node>,
    /// Byte offset of the element's `<` in the source.
    pub(crate) offset: usize,
}

/// A child of an element.
#[derive(Debug, Clone)]
pub(crate) enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    /// The value of an attribute, by local name.
    pub(crate) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// The child elements.
    pub(crate) fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|node| match node {
            Node::Element(element) => Some(element),
            Node::Text(_) => None,
        })
    }

    /// The first child element with this name.
    pub(crate) fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    /// Every descendant element in document order (not the element itself).
    pub(crate) fn descendants(&self) -> Vec<&Element> {
        let mut out = Vec::new();
        let mut stack: Vec<&Element> = self.elements().collect();
        stack.reverse();
        while let Some(element) = stack.pop() {
            out.push(element);
            let start = stack.len();
            stack.extend(element.elements());
            stack[start..].reverse();
        }
        out
    }

    /// All the text inside the element, in order.
    pub(crate) fn text(&self) -> String {
        let mut out = String::new();
        push_text(self, &mut out);
        out
    }
}

fn push_text(element: &Element, out: &mut String) {
    for node in &element.children {
        match node {
            Node::Text(text) => out.push_str(text),
            Node::Element(child) => push_text(child, out),
        }
    }
}

/// How to read a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// XML: every element is closed.
    Xml,
    /// The HTML that ammonia writes: void elements have no end tag and `&nbsp;` may appear.
    Html,
}

/// Why a document could not be read, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct XmlError {
    pub(crate) offset: usize,
    pub(crate) message: String,
}

/// Reads a document into a synthetic root element (named `#document`) holding the top-level
/// nodes, so that a fragment with several top-level elements can be read too.
pub(crate) fn parse(text: &str, mode: Mode) -> Result<Element, XmlError> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(false);
    // HTML's void elements have no end tag, so quick-xml's own end-tag check would fail on
    // them; this module's stack pairs the tags instead.
    reader.config_mut().check_end_names = mode == Mode::Xml;
    let mut stack = vec![Element {
        name: "#document".to_owned(),
        ..Element::default()
    }];
    loop {
        let offset = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = reader.read_event().map_err(|err| XmlError {
            offset: usize::try_from(reader.error_position()).unwrap_or(0),
            message: err.to_string(),
        })?;
        match event {
            Event::Start(start) => {
                let element = open(&start, offset, mode)?;
                if mode == Mode::Html && VOID.contains(&element.name.as_str()) {
                    push_node(&mut stack, Node::Element(element));
                } else {
                    if stack.len() > MAX_DEPTH {
                        return Err(XmlError {
                            offset,
                            message: format!("elements are nested deeper than {MAX_DEPTH} levels"),
                        });
                    }
                    stack.push(element);
                }
            }
            Event::Empty(start) => {
                let element = open(&start, offset, mode)?;
                push_node(&mut stack, Node::Element(element));
            }
            Event::End(end) => {
                if stack.len() < 2 {
                    return Err(XmlError {
                        offset,
                        message: format!("`</{}>` closes no open element", end.name().as_ref()),
                    });
                }
                if let Some(element) = stack.pop() {
                    push_node(&mut stack, Node::Element(element));
                }
            }
            Event::Text(text) => push_text_node(&mut stack, &text.xml10_content()),
            Event::CData(data) => push_text_node(&mut stack, &data.xml10_content()),
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => Cow::Owned(c.to_string()),
                    Ok(None) => entity(&reference),
                    Err(err) => {
                        return Err(XmlError {
                            offset,
                            message: err.to_string(),
                        });
                    }
                };
                push_text_node(&mut stack, &resolved);
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if stack.len() > 1 {
        let open = stack.last().map(|e| (e.name.clone(), e.offset));
        if let Some((name, offset)) = open {
            return Err(XmlError {
                offset,
                message: format!("the document ends before `<{name}>` is closed"),
            });
        }
    }
    Ok(stack.pop().unwrap_or_default())
}

/// XML's five named entities and a few of HTML's.
fn known_entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "lt" => "<",
        "gt" => ">",
        "amp" => "&",
        "apos" => "'",
        "quot" => "\"",
        "nbsp" => "\u{a0}",
        "ndash" => "\u{2013}",
        "mdash" => "\u{2014}",
        "hellip" => "\u{2026}",
        "lsquo" => "\u{2018}",
        "rsquo" => "\u{2019}",
        "ldquo" => "\u{201c}",
        "rdquo" => "\u{201d}",
        "copy" => "\u{a9}",
        "reg" => "\u{ae}",
        "trade" => "\u{2122}",
        _ => return None,
    })
}

/// The text of a named entity reference; an unknown one is kept as written, so that HTML
/// text keeps it for the HTML reader.
fn entity(reference: &str) -> Cow<'static, str> {
    match known_entity(reference) {
        Some(text) => Cow::Borrowed(text),
        None => Cow::Owned(format!("&{reference};")),
    }
}

fn open(start: &BytesStart<'_>, offset: usize, mode: Mode) -> Result<Element, XmlError> {
    let name = start.local_name().as_ref().to_owned();
    let mut attrs = Vec::new();
    let iter = match mode {
        Mode::Xml => start.attributes(),
        Mode::Html => start.html_attributes(),
    };
    for attr in iter {
        let attr = attr.map_err(|err| XmlError {
            offset,
            message: format!("in `<{name}>`: {err}"),
        })?;
        let key = attr.key.as_ref();
        if key == "xmlns" || key.starts_with("xmlns:") {
            continue;
        }
        let local = attr.key.local_name().as_ref().to_owned();
        let value = attr
            .normalized_value_with(XmlVersion::Implicit1_0, 1, known_entity)
            .map(Cow::into_owned)
            .unwrap_or_else(|_| attr.value.clone().into_owned());
        attrs.push((local, value));
    }
    Ok(Element {
        name,
        attrs,
        children: Vec::new(),
        offset,
    })
}

fn push_node(stack: &mut [Element], node: Node) {
    if let Some(top) = stack.last_mut() {
        top.children.push(node);
    }
}

fn push_text_node(stack: &mut [Element], text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(top) = stack.last_mut() {
        if let Some(Node::Text(last)) = top.children.last_mut() {
            last.push_str(text);
        } else {
            top.children.push(Node::Text(text.to_owned()));
        }
    }
}

/// The line and column (both from 1) of a byte offset.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let mut start = offset;
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let before = &text[..start];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Line numbers for many offsets of one text.
pub(crate) struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    pub(crate) fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { starts }
    }

    /// The line (from 1) of a byte offset.
    pub(crate) fn line(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(index) => index + 1,
            Err(index) => index,
        }
    }
}

/// Removes the characters XML 1.0 cannot hold (control characters other than tab, line feed
/// and carriage return, and the non-characters U+FFFE and U+FFFF).
pub(crate) fn xml_safe(text: &str) -> Cow<'_, str> {
    let bad = |c: char| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{fffe}' || c == '\u{ffff}'
    };
    if text.contains(bad) {
        Cow::Owned(text.chars().filter(|c| !bad(*c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// Writes XML through quick-xml, which escapes text and attribute values.
pub(crate) struct XmlWriter {
    writer: Writer<Vec<u8>>,
}

impl XmlWriter {
    /// A document with the XML declaration.
    pub(crate) fn document() -> XmlWriter {
        let mut w = XmlWriter {
            writer: Writer::new(Vec::new()),
        };
        w.event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
        w.raw_newline(0);
        w
    }

    fn event(&mut self, event: Event<'_>) {
        // Writing into a Vec cannot fail.
        let _ = self.writer.write_event(event);
    }

    /// Opens an element.
    pub(crate) fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.event(Event::Start(start(name, attrs)));
    }

    /// Closes an element.
    pub(crate) fn close(&mut self, name: &str) {
        self.event(Event::End(BytesEnd::new(name)));
    }

    /// An element without content.
    pub(crate) fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.event(Event::Empty(start(name, attrs)));
    }

    /// Escaped text.
    pub(crate) fn text(&mut self, text: &str) {
        let safe = xml_safe(text);
        self.event(Event::Text(BytesText::new(&safe)));
    }

    /// Text in CDATA sections (split where the text holds `]]>`).
    pub(crate) fn cdata(&mut self, text: &str) {
        let safe = xml_safe(text);
        for section in BytesCData::escaped(&safe) {
            self.event(Event::CData(section));
        }
    }

    /// An element holding only text.
    pub(crate) fn text_element(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.open(name, attrs);
        self.text(text);
        self.close(name);
    }

    /// A comment.
    pub(crate) fn comment(&mut self, text: &str) {
        let safe = xml_safe(text).replace("--", "- -");
        self.event(Event::Comment(BytesText::from_escaped(format!(" {safe} "))));
    }

    /// A line break and indentation (two spaces a level), written only between elements.
    pub(crate) fn raw_newline(&mut self, depth: usize) {
        let indent = format!("\n{}", "  ".repeat(depth));
        self.event(Event::Text(BytesText::from_escaped(indent)));
    }

    /// The document as text.
    pub(crate) fn finish(mut self) -> String {
        self.raw_newline(0);
        String::from_utf8(self.writer.into_inner()).unwrap_or_default()
    }
}

fn start<'a>(name: &'a str, attrs: &[(&str, &str)]) -> BytesStart<'a> {
    let mut start = BytesStart::new(name);
    for (key, value) in attrs {
        let value = xml_safe(value);
        start.push_attribute((*key, value.as_ref()));
    }
    start
}
