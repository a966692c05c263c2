//! The content check for PDF attachments: the file must be a complete PDF (header, trailer,
//! cross-reference), not encrypted, and free of what makes a PDF act rather than show:
//! scripts, launch actions, embedded files, forms that submit or import, rich media. Names
//! are compared after `#xx` escapes are decoded, and compressed streams (object streams
//! included) are inflated, within a bound, and checked too.

use meldpunt_app::complaint::domain::MAX_PDF_BYTES;
use meldpunt_app::error::AppError;
use std::io::Read;

/// Names that make a PDF run code, open other files or carry files.
const FORBIDDEN: [&str; 11] = [
    "JavaScript",
    "JS",
    "Launch",
    "EmbeddedFile",
    "EmbeddedFiles",
    "RichMedia",
    "XFA",
    "SubmitForm",
    "ImportData",
    "GoToE",
    "Encrypt",
];

/// Inflated stream bytes allowed per file (a compression bomb stops here).
const MAX_INFLATED: u64 = 64 * 1024 * 1024;

/// Whether `bytes` starts like a PDF.
pub fn looks_like_pdf(bytes: &[u8]) -> bool {
    bytes.starts_with(b"%PDF-")
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    memchr::memmem::find(hay.get(from..)?, needle).map(|i| i + from)
}

fn is_delimiter(b: u8) -> bool {
    b.is_ascii_whitespace() || b"()<>[]{}/%".contains(&b)
}

/// Every name (`/Name`) in `data` with `#xx` escapes decoded; calls `f` with each.
fn names(data: &[u8], mut f: impl FnMut(&[u8]) -> bool) -> bool {
    let mut i = 0;
    while let Some(slash) = memchr::memchr(b'/', &data[i..]).map(|p| p + i) {
        let mut name = Vec::new();
        let mut j = slash + 1;
        while j < data.len() && !is_delimiter(data[j]) {
            if data[j] == b'#' && j + 2 < data.len() {
                if let Ok(v) = u8::from_str_radix(&String::from_utf8_lossy(&data[j + 1..j + 3]), 16)
                {
                    name.push(v);
                    j += 3;
                    continue;
                }
            }
            name.push(data[j]);
            j += 1;
        }
        if f(&name) {
            return true;
        }
        i = j.max(slash + 1);
    }
    false
}

fn forbidden_name(data: &[u8]) -> Option<&'static str> {
    let mut hit = None;
    names(data, |n| {
        hit = FORBIDDEN.iter().copied().find(|f| f.as_bytes() == n);
        hit.is_some()
    });
    hit
}

/// The bodies of `stream … endstream` whose dictionary says `/FlateDecode`.
fn flate_streams(data: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(s) = find(data, b"stream", at) {
        // `endstream` contains `stream`: skip those.
        if s >= 3 && &data[s - 3..s] == b"end" {
            at = s + 6;
            continue;
        }
        let mut body = s + 6;
        if data.get(body) == Some(&b'\r') {
            body += 1;
        }
        if data.get(body) == Some(&b'\n') {
            body += 1;
        }
        let Some(end) = find(data, b"endstream", body) else {
            break;
        };
        let dict_start = data[..s].windows(2).rposition(|w| w == b"<<").unwrap_or(0);
        if find(&data[dict_start..s], b"FlateDecode", 0).is_some() {
            out.push(&data[body..end]);
        }
        at = end + 9;
    }
    out
}

/// Checks a PDF attachment; the error says what is wrong in words a citizen understands.
pub fn check(bytes: &[u8]) -> Result<(), AppError> {
    if bytes.len() > MAX_PDF_BYTES {
        return Err(AppError::too_large(format!(
            "a PDF may be at most {} MB",
            MAX_PDF_BYTES / 1024 / 1024
        )));
    }
    let version_ok = bytes.len() > 8
        && looks_like_pdf(bytes)
        && bytes[5].is_ascii_digit()
        && bytes[6] == b'.'
        && bytes[7].is_ascii_digit();
    if !version_ok {
        return Err(AppError::unsupported("this file is not a PDF"));
    }
    let tail = &bytes[bytes.len().saturating_sub(2048)..];
    if find(tail, b"%%EOF", 0).is_none() || find(bytes, b"startxref", 0).is_none() {
        return Err(AppError::validation(
            "attachment",
            "the PDF is incomplete or damaged",
        ));
    }
    if find(bytes, b" obj", 0).is_none() && find(bytes, b"\nobj", 0).is_none() {
        return Err(AppError::validation("attachment", "the PDF has no content"));
    }
    let refuse = |name: &str| {
        if name == "Encrypt" {
            AppError::validation(
                "attachment",
                "the PDF is encrypted or password protected; send it without protection",
            )
        } else {
            AppError::validation(
                "attachment",
                format!("the PDF contains active content (/{name}); save it as a plain PDF"),
            )
        }
    };
    if let Some(name) = forbidden_name(bytes) {
        return Err(refuse(name));
    }
    let mut budget = MAX_INFLATED;
    for stream in flate_streams(bytes) {
        let mut inflated = Vec::new();
        let read = flate2::read::ZlibDecoder::new(stream)
            .take(budget + 1)
            .read_to_end(&mut inflated);
        // A stream that does not inflate is left to the reader (it shows nothing harmful).
        if read.is_err() && inflated.is_empty() {
            continue;
        }
        if inflated.len() as u64 > budget {
            return Err(AppError::validation(
                "attachment",
                "the PDF expands to too much data",
            ));
        }
        budget -= inflated.len() as u64;
        if let Some(name) = forbidden_name(&inflated) {
            return Err(refuse(name));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A small valid PDF with one page; `extra` goes into the catalog dictionary.
    pub(crate) fn pdf(extra: &str) -> Vec<u8> {
        format!(
            "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R {extra} >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\nxref\n0 3\n0000000000 65535 f \ntrailer\n<< /Root 1 0 R /Size 3 >>\nstartxref\n9\n%%EOF\n"
        )
        .into_bytes()
    }

    #[test]
    fn a_plain_pdf_passes() {
        assert!(check(&pdf("")).is_ok());
    }

    #[test]
    fn not_a_pdf_or_an_incomplete_one_is_refused() {
        assert_eq!(check(b"GIF89a...").unwrap_err().status(), 415);
        assert_eq!(check(b"%PDF-").unwrap_err().status(), 415);
        let mut cut = pdf("");
        cut.truncate(cut.len() - 30);
        assert_eq!(check(&cut).unwrap_err().status(), 422);
    }

    #[test]
    fn scripts_are_found_also_when_escaped_or_compressed() {
        assert!(check(&pdf("/OpenAction << /S /JavaScript /JS (app.alert(1)) >>")).is_err());
        assert!(check(&pdf("/OpenAction << /S /J#61vaScript >>")).is_err());
        assert!(check(&pdf("/AA << /O << /S /Launch /F (cmd.exe) >> >>")).is_err());
        assert!(check(&pdf("/Encrypt 5 0 R")).is_err());
        // The same script inside a compressed object stream.
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(b"<< /S /JavaScript /JS (x) >>").unwrap();
        let body = z.finish().unwrap();
        let mut file =
            b"%PDF-1.5\n3 0 obj\n<< /Type /ObjStm /Filter /FlateDecode /Length 0 >>\nstream\n"
                .to_vec();
        file.extend_from_slice(&body);
        file.extend_from_slice(b"\nendstream\nendobj\n");
        file.extend_from_slice(&pdf("")[9..]);
        let e = check(&file).unwrap_err();
        assert!(e.to_string().contains("JavaScript"), "{e}");
    }

    #[test]
    fn oversize_pdfs_are_refused_before_reading_them() {
        let mut big = pdf("");
        big.resize(MAX_PDF_BYTES + 1, b' ');
        assert_eq!(check(&big).unwrap_err().status(), 413);
    }
}
