//! The async adapter end to end: a local HTTP server replays each recorded stream in small
//! chunks, a real HTTP client (reqwest) reads it, and the adapter folds what it hands over
//! into the completion a blocking read of the same bytes gives.
#![cfg(feature = "async")]

use std::time::Duration;

use anthropic_completions::stream::{ErrorKind, fold, fold_async};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

mod support;

fn recorded() -> Vec<(String, Vec<u8>)> {
    support::files("stream")
}

/// Serves `body` once on 127.0.0.1 as a chunked `text/event-stream` response, `chunk` bytes
/// at a time with a pause now and then; returns the URL.
async fn serve(body: Vec<u8>, chunk: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/v1/complete", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = Vec::new();
        let mut buffer = [0u8; 1024];
        while !request.windows(4).any(|w| w == b"\r\n\r\n") {
            let read = socket.read(&mut buffer).await.unwrap();
            if read == 0 {
                return;
            }
            request.extend_from_slice(&buffer[..read]);
        }
        let head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n";
        socket.write_all(head.as_bytes()).await.unwrap();
        for (index, piece) in body.chunks(chunk).enumerate() {
            let framed = [format!("{:x}\r\n", piece.len()).as_bytes(), piece, b"\r\n"].concat();
            socket.write_all(&framed).await.unwrap();
            socket.flush().await.unwrap();
            // A pause now and then, so that the client reads many small pieces.
            if index % 16 == 0 {
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
        }
        socket.write_all(b"0\r\n\r\n").await.unwrap();
        socket.shutdown().await.unwrap();
    });
    url
}

#[tokio::test(flavor = "current_thread")]
async fn every_recorded_stream_folds_the_same_over_http() {
    let client = reqwest::Client::new();
    for (name, body) in recorded() {
        let expected = fold(body.as_slice()).map_err(|e| e.to_string());
        for chunk in [5, 64] {
            let url = serve(body.clone(), chunk).await;
            let response = client.post(&url).send().await.unwrap();
            assert_eq!(response.status(), 200);
            let folded = fold_async(response.bytes_stream())
                .await
                .map_err(|e| e.to_string());
            assert_eq!(folded, expected, "{name}, chunks of {chunk}");
        }
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_json_body_is_not_an_event_stream() {
    let client = reqwest::Client::new();
    let url = serve(
        br#"{"type":"error","error":{"type":"api_error","message":"x"}}"#.to_vec(),
        5,
    )
    .await;
    let response = client.post(&url).send().await.unwrap();
    let error = fold_async(response.bytes_stream()).await.unwrap_err();
    assert_eq!(error.kind, ErrorKind::NotAnEventStream);
}
