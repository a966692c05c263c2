//! The content check for PDF attachments: the file must be a complete PDF (header, trailer,
//! cross-reference), not encrypted, and free of what makes a PDF act rather than show:
//! scripts, launch actions, embedded files, forms that submit or import, rich media. Names
//! are compared after `#xx` escapes are decoded, and compressed streams (object streams
//! included) are inflated, within a bound, and checked too. A stream that could hide objects
//! behind an encoding this check does not read (ASCII85, ASCIIHex, LZW, run-length, a chain of
//! filters, predictors) is refused rather than let through unseen; images and cross-reference
//! streams are not read as objects by PDF readers and pass.

use meldpunt_app::complaint::domain::MAX_PDF_BYTES;
use meldpunt_app::error::{AppError, ErrorText};
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

/// Stream filters whose output is image data, never PDF objects: left to the reader.
const IMAGE_FILTERS: [&str; 4] = ["DCTDecode", "JPXDecode", "CCITTFaxDecode", "JBIG2Decode"];

/// Every stream filter PDF defines (and `Crypt`): a name in a stream's dictionary is taken as
/// its filter when it is one of these.
const FILTERS: [&str; 10] = [
    "FlateDecode",
    "ASCIIHexDecode",
    "ASCII85Decode",
    "LZWDecode",
    "RunLengthDecode",
    "DCTDecode",
    "JPXDecode",
    "CCITTFaxDecode",
    "JBIG2Decode",
    "Crypt",
];

/// One `stream … endstream`: its body and what its dictionary says about it.
struct Stream<'a> {
    body: &'a [u8],
    /// The filters named in its dictionary, in order.
    filters: Vec<&'static str>,
    /// PNG or TIFF predictors applied after inflating (`/DecodeParms … /Predictor`).
    predictor: bool,
    /// An image (`/Subtype /Image`) or cross-reference offsets (`/Type /XRef`), and not an
    /// object stream: what it decodes to is never read as PDF objects.
    inert: bool,
}

/// Every stream of the file, with its dictionary read from the object's header (`N G obj`),
/// so that nested dictionaries such as `/DecodeParms << … >>` do not hide the filter.
fn streams(data: &[u8]) -> Vec<Stream<'_>> {
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
        let dict_start = memchr::memmem::rfind(&data[..s], b"obj")
            .or_else(|| data[..s].windows(2).rposition(|w| w == b"<<"))
            .unwrap_or(0);
        let dict = &data[dict_start..s];
        let mut filters = Vec::new();
        let (mut predictor, mut shows, mut objects) = (false, false, false);
        let mut previous = Vec::new();
        names(dict, |n| {
            if let Some(f) = FILTERS.iter().copied().find(|f| f.as_bytes() == n) {
                filters.push(f);
            }
            predictor |= n == b"Predictor";
            shows |=
                (previous == b"Type" && n == b"XRef") || (previous == b"Subtype" && n == b"Image");
            objects |= n == b"ObjStm";
            previous = n.to_vec();
            false
        });
        out.push(Stream {
            body: &data[body..end],
            filters,
            predictor,
            inert: shows && !objects,
        });
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
        ))
        .explained(ErrorText::TooLarge));
    }
    let version_ok = bytes.len() > 8
        && looks_like_pdf(bytes)
        && bytes[5].is_ascii_digit()
        && bytes[6] == b'.'
        && bytes[7].is_ascii_digit();
    if !version_ok {
        return Err(
            AppError::unsupported("this file is not a PDF").explained(ErrorText::AttachmentKind)
        );
    }
    let tail = &bytes[bytes.len().saturating_sub(2048)..];
    if find(tail, b"%%EOF", 0).is_none() || find(bytes, b"startxref", 0).is_none() {
        return Err(
            AppError::validation("attachment", "the PDF is incomplete or damaged")
                .explained(ErrorText::PdfUnusable),
        );
    }
    if find(bytes, b" obj", 0).is_none() && find(bytes, b"\nobj", 0).is_none() {
        return Err(AppError::validation("attachment", "the PDF has no content")
            .explained(ErrorText::PdfUnusable));
    }
    let refuse = |name: &str| {
        if name == "Encrypt" {
            AppError::validation(
                "attachment",
                "the PDF is encrypted or password protected; send it without protection",
            )
            .explained(ErrorText::PdfUnusable)
        } else {
            AppError::validation(
                "attachment",
                format!("the PDF contains active content (/{name}); save it as a plain PDF"),
            )
            .explained(ErrorText::PdfUnusable)
        }
    };
    if let Some(name) = forbidden_name(bytes) {
        return Err(refuse(name));
    }
    let mut budget = MAX_INFLATED;
    for stream in streams(bytes) {
        let stream = match stream.filters.as_slice() {
            // Plain bytes were checked with the whole file; images show, they do not act.
            [] => continue,
            _ if stream.inert => continue,
            filters if filters.iter().all(|f| IMAGE_FILTERS.contains(f)) => continue,
            ["FlateDecode"] if !stream.predictor => stream.body,
            filters => {
                return Err(AppError::validation(
                    "attachment",
                    format!(
                        "the PDF uses an encoding that cannot be checked (/{}); save or print it again as a plain PDF",
                        filters.join(" /")
                    ),
                ).explained(ErrorText::PdfUnusable))
            }
        };
        let mut inflated = Vec::new();
        let read = flate2::read::ZlibDecoder::new(stream)
            .take(budget + 1)
            .read_to_end(&mut inflated);
        // A stream that does not inflate is left to the reader (it shows nothing harmful).
        if read.is_err() && inflated.is_empty() {
            continue;
        }
        if inflated.len() as u64 > budget {
            return Err(
                AppError::validation("attachment", "the PDF expands to too much data")
                    .explained(ErrorText::PdfUnusable),
            );
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

    /// A PDF with one extra object: a stream with `dict` and `body`.
    fn with_stream(dict: &str, body: &[u8]) -> Vec<u8> {
        let mut file = format!(
            "%PDF-1.5\n3 0 obj\n<< {dict} /Length {} >>\nstream\n",
            body.len()
        )
        .into_bytes();
        file.extend_from_slice(body);
        file.extend_from_slice(b"\nendstream\nendobj\n");
        file.extend_from_slice(&pdf("")[9..]);
        file
    }

    fn deflate(data: &[u8]) -> Vec<u8> {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(data).unwrap();
        z.finish().unwrap()
    }

    #[test]
    fn streams_in_encodings_the_check_cannot_read_are_refused() {
        let script = b"<< /S /JavaScript /JS (app.alert(1)) >>";
        // Long enough to be compressed for real (a short input is stored as it is).
        let compressed = deflate(&script.repeat(50));
        assert!(forbidden_name(&compressed).is_none());
        let hex: String = script
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
            + ">";
        for (dict, body) in [
            ("/Type /ObjStm /Filter /ASCIIHexDecode", hex.into_bytes()),
            (
                "/Type /ObjStm /Filter /ASCII85Decode",
                b"9jqo^BlbD-BleB1DJ+*+F(f,q~>".to_vec(),
            ),
            (
                "/Type /ObjStm /Filter /LZWDecode",
                vec![0x80, 0x0b, 0x60, 0x50],
            ),
            (
                "/Type /ObjStm /Filter /RunLengthDecode",
                b"\x05<< /S >\x80".to_vec(),
            ),
            (
                "/Type /ObjStm /Filter [/ASCII85Decode /FlateDecode]",
                b"Gar~>".to_vec(),
            ),
            (
                "/Type /ObjStm /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 4 >>",
                compressed,
            ),
            // An object stream that calls itself an image is still read as objects.
            (
                "/Type /ObjStm /Subtype /Image /Filter /ASCIIHexDecode",
                b"41>".to_vec(),
            ),
        ] {
            let e = check(&with_stream(dict, &body)).unwrap_err();
            assert_eq!(e.status(), 422, "{dict}");
            assert!(e.to_string().contains("cannot be checked"), "{dict}: {e}");
        }
    }

    #[test]
    fn the_filter_is_found_behind_nested_dictionaries() {
        // `/DecodeParms << … >>` after `/Filter` used to hide the compressed script.
        let compressed = deflate(&b"<< /S /JavaScript /JS (x) >>".repeat(50));
        assert!(forbidden_name(&compressed).is_none());
        let file = with_stream(
            "/Type /ObjStm /Filter /FlateDecode /DecodeParms << /Columns 4 >>",
            &compressed,
        );
        let e = check(&file).unwrap_err();
        assert!(e.to_string().contains("JavaScript"), "{e}");
    }

    #[test]
    fn images_and_cross_reference_streams_pass_in_any_encoding() {
        for (dict, body) in [
            ("/Type /XObject /Subtype /Image /Filter /DCTDecode", b"\xff\xd8\xff\xd9".to_vec()),
            ("/Type /XObject /Subtype /Image /Filter [/ASCII85Decode /DCTDecode]", b"s8W-!~>".to_vec()),
            (
                "/Type /XObject /Subtype /Image /Filter /FlateDecode /DecodeParms << /Predictor 15 /Columns 2 >>",
                deflate(&[2, 0, 0, 2, 1, 1]),
            ),
            ("/Type /XRef /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 5 >>", deflate(&[2, 1, 0, 0, 0, 9])),
            ("/Filter /FlateDecode", deflate(b"BT /F1 12 Tf (Hallo) Tj ET")),
        ] {
            assert!(check(&with_stream(dict, &body)).is_ok(), "{dict}");
        }
    }

    #[test]
    fn oversize_pdfs_are_refused_before_reading_them() {
        let mut big = pdf("");
        big.resize(MAX_PDF_BYTES + 1, b' ');
        assert_eq!(check(&big).unwrap_err().status(), 413);
    }
}
