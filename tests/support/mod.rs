//! What several test files read: the shipped test data.
#![allow(dead_code)]

/// The files of `tests/data/FOLDER`, sorted by name: (name, bytes).
pub fn files(folder: &str) -> Vec<(String, Vec<u8>)> {
    let dir = format!("{}/tests/data/{folder}", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect();
    files.sort();
    files
}
