//! The encoding of input read as a stream: chosen from the first bytes (or as the
//! caller says), and, for UTF-8, a reader that drops the byte-order mark (the other
//! encodings are transcoded by `encoding_rs_io`).

use std::io::Read;

use super::InputEncoding;

pub(crate) fn choose_encoding(head: &[u8], choice: InputEncoding) -> &'static encoding_rs::Encoding {
    match choice {
        InputEncoding::Utf8 => encoding_rs::UTF_8,
        InputEncoding::Windows1251 => encoding_rs::WINDOWS_1251,
        InputEncoding::Koi8R => encoding_rs::KOI8_R,
        InputEncoding::Utf16 => {
            if head.starts_with(b"\xFE\xFF") {
                encoding_rs::UTF_16BE
            } else {
                encoding_rs::UTF_16LE
            }
        }
        _ => super::detect(head).encoding,
    }
}

/// Drops a leading UTF-8 byte-order mark.
pub(crate) struct SkipUtf8Bom<R> {
    inner: R,
    checked: bool,
    pending: Vec<u8>,
}

impl<R: Read> SkipUtf8Bom<R> {
    pub(crate) fn new(inner: R) -> Self {
        SkipUtf8Bom { inner, checked: false, pending: Vec::new() }
    }
}

impl<R: Read> Read for SkipUtf8Bom<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if !self.checked {
            self.checked = true;
            let mut first = [0u8; 3];
            let mut n = 0;
            while n < 3 {
                let k = self.inner.read(&mut first[n..])?;
                if k == 0 {
                    break;
                }
                n += k;
            }
            if &first[..n] != b"\xEF\xBB\xBF" {
                self.pending.extend_from_slice(&first[..n]);
            }
        }
        if !self.pending.is_empty() {
            let k = self.pending.len().min(buf.len());
            buf[..k].copy_from_slice(&self.pending[..k]);
            self.pending.drain(..k);
            return Ok(k);
        }
        self.inner.read(buf)
    }
}
