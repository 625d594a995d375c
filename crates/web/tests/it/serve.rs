//! `serve` on a real socket: it answers, and stops when told.

use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use web::AppState;

fn state() -> AppState {
    crate::state_on(crate::store(), &crate::Clock::new())
}

/// A loopback address with a port that was free a moment ago.
fn free_addr() -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("an address")
}

#[tokio::test]
async fn serves_until_shutdown() {
    let addr = free_addr();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(web::serve(state(), addr, async {
        let _ = stopped.await;
    }));

    let mut stream = None;
    for _ in 0..50 {
        match TcpStream::connect(addr).await {
            Ok(s) => {
                stream = Some(s);
                break;
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
        }
    }
    let mut stream = stream.expect("the server accepts connections");
    stream
        .write_all(
            b"GET /api/v1/catalog/CLF-C02 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        )
        .await
        .expect("the request is sent");
    let mut response = String::new();
    tokio::time::timeout(
        Duration::from_secs(10),
        stream.read_to_string(&mut response),
    )
    .await
    .expect("the server answers in time")
    .expect("the response is readable");
    assert!(response.starts_with("HTTP/1.1 200 OK"), "{response}");
    assert!(response.contains(r#""code":"CLF-C02""#), "{response}");

    stop.send(()).expect("the server is still running");
    let result = tokio::time::timeout(Duration::from_secs(10), server)
        .await
        .expect("the server stops in time")
        .expect("the server task did not panic");
    assert!(result.is_ok(), "{result:?}");
}

#[tokio::test]
async fn an_address_in_use_is_an_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let addr = taken.local_addr().expect("an address");
    let result = web::serve(state(), addr, async {}).await;
    assert!(result.is_err());
}
