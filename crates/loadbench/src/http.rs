//! A minimal HTTP/1.1 client: one keep-alive connection per simulated candidate, one request
//! at a time, bodies by `Content-Length` or chunked. It does only what the benchmark needs, so
//! that the load generator takes as little as possible of the CPU it shares with the server.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The session cookie's name.
const COOKIE: &str = "certpath_session";

/// Where the server is: `http://host:port/prefix`.
#[derive(Debug, Clone)]
pub struct Target {
    /// The resolved address.
    pub addr: SocketAddr,
    /// The `Host` header.
    host: String,
    /// A path prefix ("" for none), without a trailing slash.
    prefix: String,
    /// How long one request may take before it counts as an error.
    timeout: Duration,
}

impl Target {
    /// Parses and resolves an `http://` URL.
    pub async fn parse(url: &str, timeout: Duration) -> Result<Target, String> {
        let rest = url
            .strip_prefix("http://")
            .ok_or_else(|| format!("`{url}`: only http:// URLs are supported"))?;
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        if authority.is_empty() {
            return Err(format!("`{url}`: no host"));
        }
        let has_port = authority
            .rsplit_once(':')
            .is_some_and(|(_, p)| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        let with_port = if has_port {
            authority.to_owned()
        } else {
            format!("{authority}:80")
        };
        let addr = tokio::net::lookup_host(&with_port)
            .await
            .map_err(|e| format!("cannot resolve `{authority}`: {e}"))?
            .next()
            .ok_or_else(|| format!("`{authority}` resolves to no address"))?;
        Ok(Target {
            addr,
            host: authority.to_owned(),
            prefix: path.trim_end_matches('/').to_owned(),
            timeout,
        })
    }
}

/// A response: its status, body and the session cookie it set, if any.
#[derive(Debug)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// The body (de-chunked).
    pub body: Vec<u8>,
    /// The value of a `Set-Cookie: certpath_session=...`.
    pub session: Option<String>,
}

impl Response {
    /// The body as text, shortened, for error messages.
    pub fn snippet(&self) -> String {
        let text = String::from_utf8_lossy(&self.body);
        let mut short: String = text.chars().take(160).collect();
        if short.len() < text.len() {
            short.push('…');
        }
        short
    }
}

/// One keep-alive connection; reconnects when the server closed it.
pub struct Connection {
    target: Arc<Target>,
    stream: Option<TcpStream>,
    buffer: Vec<u8>,
    request: Vec<u8>,
}

fn invalid(message: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message.into())
}

impl Connection {
    /// A connection to `target`, opened on the first request (or now, with [`Self::open`]).
    pub fn new(target: Arc<Target>) -> Connection {
        Connection {
            target,
            stream: None,
            buffer: Vec::with_capacity(16 * 1024),
            request: Vec::with_capacity(1024),
        }
    }

    /// Opens the TCP connection if it is not open.
    pub async fn open(&mut self) -> io::Result<()> {
        if self.stream.is_none() {
            let stream = TcpStream::connect(self.target.addr).await?;
            stream.set_nodelay(true)?;
            self.stream = Some(stream);
            self.buffer.clear();
        }
        Ok(())
    }

    /// Sends one request and reads its response, within the target's time-out. A failed
    /// request drops the connection, so the next one starts on a fresh one.
    pub async fn send(
        &mut self,
        method: &str,
        path: &str,
        cookie: Option<&str>,
        body: Option<&[u8]>,
    ) -> io::Result<Response> {
        let timeout = self.target.timeout;
        match tokio::time::timeout(timeout, self.exchange(method, path, cookie, body)).await {
            Ok(Ok(response)) => Ok(response),
            Ok(Err(err)) => {
                self.stream = None;
                Err(err)
            }
            Err(_) => {
                self.stream = None;
                Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    format!("no response within {timeout:?}"),
                ))
            }
        }
    }

    async fn exchange(
        &mut self,
        method: &str,
        path: &str,
        cookie: Option<&str>,
        body: Option<&[u8]>,
    ) -> io::Result<Response> {
        self.open().await?;
        self.request.clear();
        let target = &self.target;
        self.request.extend_from_slice(
            format!(
                "{method} {}{path} HTTP/1.1\r\nHost: {}\r\n",
                target.prefix, target.host
            )
            .as_bytes(),
        );
        if let Some(cookie) = cookie {
            self.request
                .extend_from_slice(format!("Cookie: {COOKIE}={cookie}\r\n").as_bytes());
        }
        if let Some(body) = body {
            self.request.extend_from_slice(
                format!(
                    "Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                    body.len()
                )
                .as_bytes(),
            );
            self.request.extend_from_slice(body);
        } else {
            self.request.extend_from_slice(b"\r\n");
        }
        let Some(stream) = self.stream.as_mut() else {
            return Err(io::Error::from(io::ErrorKind::NotConnected));
        };
        stream.write_all(&self.request).await?;
        self.read_response().await
    }

    /// Reads more bytes into the buffer; end of stream is an error.
    async fn fill(&mut self) -> io::Result<()> {
        let Some(stream) = self.stream.as_mut() else {
            return Err(io::Error::from(io::ErrorKind::NotConnected));
        };
        if stream.read_buf(&mut self.buffer).await? == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the server closed the connection",
            ));
        }
        Ok(())
    }

    async fn read_response(&mut self) -> io::Result<Response> {
        let (head, status, length, chunked, close, session) = loop {
            let mut headers = [httparse::EMPTY_HEADER; 32];
            let mut parsed = httparse::Response::new(&mut headers);
            match parsed.parse(&self.buffer) {
                Ok(httparse::Status::Complete(head)) => {
                    let status = parsed.code.unwrap_or(0);
                    let mut length = None;
                    let mut chunked = false;
                    let mut close = false;
                    let mut session = None;
                    for header in parsed.headers.iter() {
                        let value = std::str::from_utf8(header.value).unwrap_or("");
                        if header.name.eq_ignore_ascii_case("content-length") {
                            length = Some(
                                value
                                    .trim()
                                    .parse::<usize>()
                                    .map_err(|_| invalid("bad Content-Length"))?,
                            );
                        } else if header.name.eq_ignore_ascii_case("transfer-encoding") {
                            chunked = value.to_ascii_lowercase().contains("chunked");
                        } else if header.name.eq_ignore_ascii_case("connection") {
                            close = value.eq_ignore_ascii_case("close");
                        } else if header.name.eq_ignore_ascii_case("set-cookie")
                            && let Some(rest) = value.strip_prefix(COOKIE)
                            && let Some(rest) = rest.strip_prefix('=')
                        {
                            let token = rest.split(';').next().unwrap_or("").trim();
                            if !token.is_empty() {
                                session = Some(token.to_owned());
                            }
                        }
                    }
                    break (head, status, length, chunked, close, session);
                }
                Ok(httparse::Status::Partial) => self.fill().await?,
                Err(err) => return Err(invalid(format!("bad response head: {err}"))),
            }
        };
        let body = if chunked {
            self.chunked_body(head).await?
        } else if let Some(length) = length {
            while self.buffer.len() < head + length {
                self.fill().await?;
            }
            let body = self.buffer[head..head + length].to_vec();
            self.buffer.drain(..head + length);
            body
        } else if status == 204 || status == 304 || (100..200).contains(&status) {
            self.buffer.drain(..head);
            Vec::new()
        } else {
            // No length: the body runs to the end of the connection.
            while self.fill().await.is_ok() {}
            let body = self.buffer[head..].to_vec();
            self.buffer.clear();
            self.stream = None;
            body
        };
        if close {
            self.stream = None;
        }
        Ok(Response {
            status,
            body,
            session,
        })
    }

    async fn chunked_body(&mut self, head: usize) -> io::Result<Vec<u8>> {
        let mut body = Vec::new();
        let mut at = head;
        loop {
            let line_end = loop {
                if let Some(i) = self.buffer[at..].windows(2).position(|w| w == b"\r\n") {
                    break at + i;
                }
                self.fill().await?;
            };
            let line = std::str::from_utf8(&self.buffer[at..line_end])
                .map_err(|_| invalid("bad chunk size"))?;
            let size = usize::from_str_radix(line.split(';').next().unwrap_or("").trim(), 16)
                .map_err(|_| invalid("bad chunk size"))?;
            at = line_end + 2;
            while self.buffer.len() < at + size + 2 {
                self.fill().await?;
            }
            if size == 0 {
                // No trailers: the empty line ends the body.
                at += 2;
                break;
            }
            body.extend_from_slice(&self.buffer[at..at + size]);
            at += size + 2;
        }
        self.buffer.drain(..at);
        Ok(body)
    }
}
