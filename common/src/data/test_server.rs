//! An HTTP/1.1 server on 127.0.0.1 for the download tests, serving the tiny datasets well
//! or badly.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use super::source::Source;
use super::testing::{Tiny, gzip};

impl Tiny {
    /// A source with no folder of its own, downloading from `mirrors` into `cache`.
    pub fn downloading(&self, cache: &Path, mirrors: &[&Server]) -> Source {
        Source {
            dirs: Vec::new(),
            cache: Some(cache.to_owned()),
            mirrors: mirrors.iter().map(|s| s.base_url()).collect(),
            ..self.source(cache)
        }
    }

    /// The four `.gz` files as a server would serve them: URL path → bytes.
    pub fn served(&self) -> HashMap<String, Vec<u8>> {
        let specs = self.specs.as_refs().into_array();
        let contents = self.contents.as_refs().into_array();
        specs.into_iter().zip(contents).map(|(s, c)| (format!("/{}.gz", s.name), gzip(c))).collect()
    }
}

/// How a test server answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behaviour {
    /// Serves its files, 404 for anything else.
    Good,
    /// Announces the whole file, sends half of it, and closes the connection.
    DropsHalfway,
    /// 404 for everything.
    NotFound,
}

/// An HTTP/1.1 server on 127.0.0.1, in a thread, for as long as it lives.
pub struct Server {
    port: u16,
    requests: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    pub fn start(files: HashMap<String, Vec<u8>>, behaviour: Behaviour) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (requests, stop) = (requests.clone(), stop.clone());
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    if let Ok(stream) = stream {
                        // Errors are the client's business (it may hang up): ignore them.
                        let _ = answer(stream, &files, behaviour, &requests);
                    }
                }
            })
        };
        Server { port, requests, stop, thread: Some(thread) }
    }

    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    /// The paths requested so far.
    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port)); // wakes `incoming`
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A URL on 127.0.0.1 where nothing listens: connecting is refused.
pub fn dead_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}/")
}

/// Reads one request and answers it, closing the connection after.
fn answer(
    stream: TcpStream,
    files: &HashMap<String, Vec<u8>>,
    behaviour: Behaviour,
    requests: &Mutex<Vec<String>>,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" {
            break;
        }
    }
    let path = request_line.split_whitespace().nth(1).unwrap_or("").to_owned();
    if path.is_empty() {
        return Ok(()); // the wake-up connection from Drop
    }
    requests.lock().unwrap().push(path.clone());
    let mut out = stream;
    match (files.get(&path), behaviour) {
        (Some(body), Behaviour::Good) => {
            write!(
                out,
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nContent-Type: application/gzip\r\nConnection: close\r\n\r\n",
                body.len()
            )?;
            out.write_all(body)?;
        }
        (Some(body), Behaviour::DropsHalfway) => {
            write!(
                out,
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nContent-Type: application/gzip\r\nConnection: close\r\n\r\n",
                body.len()
            )?;
            out.write_all(&body[..body.len() / 2])?;
            out.flush()?;
            out.shutdown(std::net::Shutdown::Both)?;
        }
        _ => {
            write!(out, "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found")?;
        }
    }
    out.flush()
}
