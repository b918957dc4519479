//! The generator's HTTP/1.1 client side: a keep-alive connection with its
//! read buffer and a minimal response reader (status line, Content-Length,
//! Connection, body), to keep the client cheap.

use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;

/// A parsed answer: its status, where its body lies in the buffer, and
/// whether the server closes the connection after it.
pub struct Response {
    pub status: u16,
    pub body: std::ops::Range<usize>,
    pub close: bool,
}

/// A connection with its read buffer.
pub struct Conn {
    pub stream: TcpStream,
    pub buf: Vec<u8>,
}

impl Conn {
    pub fn new(stream: TcpStream) -> Self {
        Self {
            stream,
            buf: Vec::with_capacity(64 * 1024),
        }
    }

    /// Drops the bytes of the answer just handled.
    pub fn consume(&mut self, upto: usize) {
        self.buf.drain(..upto);
    }

    async fn fill(&mut self) -> std::io::Result<usize> {
        if self.buf.capacity() - self.buf.len() < 16 * 1024 {
            self.buf.reserve(64 * 1024);
        }
        self.stream.read_buf(&mut self.buf).await
    }

    /// Reads one answer: status line, headers (Content-Length, Connection),
    /// body. Without Content-Length the body runs to the end of the stream.
    pub async fn read_response(&mut self) -> std::io::Result<Response> {
        let bad = |why: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, why.to_owned());
        let head_end = loop {
            if let Some(i) = self.buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
            if self.fill().await? == 0 {
                return Err(bad("the connection closed before an answer"));
            }
        };
        let head = std::str::from_utf8(&self.buf[..head_end]).map_err(|_| bad("a head that is not UTF-8"))?;
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| bad("no status line"))?;
        let mut length = None;
        let mut close = head.starts_with("HTTP/1.0");
        for line in lines {
            let Some((name, value)) = line.split_once(':') else {
                continue;
            };
            let value = value.trim();
            if name.eq_ignore_ascii_case("content-length") {
                length = value.parse::<usize>().ok();
            } else if name.eq_ignore_ascii_case("connection") {
                close = value.eq_ignore_ascii_case("close");
            } else if name.eq_ignore_ascii_case("transfer-encoding") && value.eq_ignore_ascii_case("chunked") {
                return Err(bad("chunked answers are not read by this generator"));
            }
        }
        match length {
            Some(len) => {
                while self.buf.len() < head_end + len {
                    if self.fill().await? == 0 {
                        return Err(bad("the connection closed inside a body"));
                    }
                }
                Ok(Response {
                    status,
                    body: head_end..head_end + len,
                    close,
                })
            }
            None => {
                while self.fill().await? > 0 {}
                Ok(Response {
                    status,
                    body: head_end..self.buf.len(),
                    close: true,
                })
            }
        }
    }
}
