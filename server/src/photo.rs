//! The photo pipeline: detect the format from the bytes, decode within limits, turn upright,
//! and re-encode a display JPEG (≤1600 px) and a thumbnail (≤400 px) without any metadata.
//! The original bytes are never stored.

use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
use image::RgbImage;
use meldpunt_app::error::{AppError, ErrorText};
use meldpunt_app::port::ProcessedPhoto;
use meldpunt_app::service::sha256_hex;
use meldpunt_app::work::{self, WorkGate};
use std::io::Cursor;

/// Largest accepted upload per photo.
pub const MAX_PHOTO_BYTES: usize = 15 * 1024 * 1024;
/// Longest side of the display image.
pub const DISPLAY_MAX: u32 = 1600;
/// Longest side of the thumbnail.
pub const THUMB_MAX: u32 = 400;
/// Largest accepted image per side.
const MAX_SIDE: u32 = 12_000;
/// Largest accepted JPEG in pixels: a 48/50 MP phone photo fits. A JPEG is decoded at 1/2,
/// 1/4 or 1/8 of its size (DCT scaling), so its cost stays small; progressive ones are costed
/// for their full coefficient buffers.
const MAX_JPEG_PIXELS: u64 = 64_000_000;
/// Largest accepted PNG or WebP in pixels. They compress flat areas extremely well (a 262 KB
/// PNG can claim 8000×8000), so they are capped closer to what the 1600 px output needs.
const MAX_PIXELS: u64 = 40_000_000;
/// Memory all photo decodes together may use, and so one decode at most.
pub const MEMORY_BUDGET_MB: u32 = 256;
/// What resizing, turning and encoding a display image and thumbnail take beyond the decoded
/// image (a 1600 px image, the resizer's intermediate buffer, the encoders' output).
const WORK_BYTES: u64 = 32 << 20;
const JPEG_QUALITY: u8 = 82;

/// Photo decoding: one job per core, sharing [`MEMORY_BUDGET_MB`]; a queue of at most 32
/// photos, beyond which a submission is answered 503 with `Retry-After`.
static GATE: std::sync::LazyLock<WorkGate> =
    std::sync::LazyLock::new(|| WorkGate::new("photos", work::cores(), MEMORY_BUDGET_MB, 32, 5));

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Jpeg,
    Png,
    Webp,
}

/// Recognises the format by its magic bytes; names and declared content types are ignored.
fn sniff(bytes: &[u8]) -> Result<Kind, AppError> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(Kind::Jpeg);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok(Kind::Png);
    }
    if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Ok(Kind::Webp);
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        let brand = &bytes[8..12];
        if [
            b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1", b"avif",
        ]
        .iter()
        .any(|b| brand == *b)
        {
            return Err(AppError::unsupported(
                "HEIC/HEIF photos are not supported. On an iPhone choose Settings > Camera > Formats > \
                 'Most Compatible', or send the photo as JPEG.",
            )
            .explained(ErrorText::PhotoHeic));
        }
    }
    Err(
        AppError::unsupported("this file is not a JPEG, PNG or WebP image")
            .explained(ErrorText::PhotoNotAnImage),
    )
}

fn check_dimensions(kind: Kind, width: u32, height: u32) -> Result<(), AppError> {
    if width == 0 || height == 0 {
        return Err(AppError::validation("photo", "the image has no pixels")
            .explained(ErrorText::PhotoUnreadable));
    }
    let max = match kind {
        Kind::Jpeg => MAX_JPEG_PIXELS,
        Kind::Png | Kind::Webp => MAX_PIXELS,
    };
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > max {
        return Err(AppError::validation(
            "photo",
            format!(
                "the image is too large ({width}×{height}); at most {MAX_SIDE} px per side and {} megapixels",
                max / 1_000_000
            ),
        )
        .explained(ErrorText::PhotoTooManyPixels));
    }
    Ok(())
}

fn unreadable(e: impl std::fmt::Display) -> AppError {
    AppError::validation("photo", format!("the image could not be read: {e}"))
        .explained(ErrorText::PhotoUnreadable)
}

/// What decoding a photo will take, read from its header alone.
#[derive(Debug, Clone, Copy)]
struct Plan {
    kind: Kind,
    width: u32,
    height: u32,
    /// Bytes held at the peak of decoding and resizing.
    cost: u64,
}

impl Plan {
    fn cost_mb(&self) -> u32 {
        u32::try_from(self.cost.div_ceil(1 << 20)).unwrap_or(u32::MAX)
    }
}

/// The integer factor a PNG or WebP is shrunk by while its rows are read: as large as
/// possible while the long side stays at least `DISPLAY_MAX`.
fn shrink_factor(width: u32, height: u32) -> u32 {
    (width.max(height) / DISPLAY_MAX).max(1)
}

/// Reads the header, checks the size and works out the memory the decode needs.
fn plan(bytes: &[u8]) -> Result<Plan, AppError> {
    if bytes.len() > MAX_PHOTO_BYTES {
        return Err(AppError::too_large(format!(
            "a photo is at most {} MB",
            MAX_PHOTO_BYTES / 1024 / 1024
        ))
        .explained(ErrorText::PhotoTooHeavy));
    }
    let kind = sniff(bytes)?;
    let (width, height, full_bytes) = match kind {
        Kind::Jpeg => {
            let mut decoder = jpeg_decoder::Decoder::new(Cursor::new(bytes));
            decoder.read_info().map_err(unreadable)?;
            let info = decoder.info().ok_or_else(|| unreadable("no header"))?;
            let (w, h) = (u32::from(info.width), u32::from(info.height));
            let pixels = u64::from(w) * u64::from(h);
            let full = match info.coding_process {
                // All coefficients are kept until the last scan: 2 bytes per sample, and
                // up to three full-size components.
                jpeg_decoder::CodingProcess::DctProgressive => pixels * 6,
                jpeg_decoder::CodingProcess::DctSequential
                | jpeg_decoder::CodingProcess::Lossless => 0,
            };
            (w, h, full)
        }
        Kind::Png => {
            let mut decoder = png::Decoder::new(Cursor::new(bytes));
            let info = decoder.read_header_info().map_err(unreadable)?;
            let (w, h) = (info.width, info.height);
            // Interlaced images are read whole (up to 4 bytes per pixel after expansion);
            // others row by row.
            let full = if info.interlaced {
                u64::from(w) * u64::from(h) * 4
            } else {
                u64::from(w) * 16
            };
            (w, h, full)
        }
        Kind::Webp => {
            let decoder = image_webp::WebPDecoder::new(Cursor::new(bytes)).map_err(unreadable)?;
            let (w, h) = decoder.dimensions();
            let channels = if decoder.has_alpha() { 4 } else { 3 };
            (w, h, u64::from(w) * u64::from(h) * channels)
        }
    };
    check_dimensions(kind, width, height)?;
    let reduced = match kind {
        // DCT scaling gives at most twice the display size per side.
        Kind::Jpeg => {
            let long = u64::from(width.max(height)).min(u64::from(DISPLAY_MAX) * 2);
            long * long * 3 * 2
        }
        Kind::Png | Kind::Webp => {
            let k = shrink_factor(width, height);
            u64::from(width.div_ceil(k)) * u64::from(height.div_ceil(k)) * 3
        }
    };
    let plan = Plan {
        kind,
        width,
        height,
        cost: full_bytes + reduced + WORK_BYTES,
    };
    if plan.cost_mb() > MEMORY_BUDGET_MB {
        return Err(AppError::validation(
            "photo",
            format!(
                "the image is too large to process ({width}×{height}); send a smaller or non-progressive version"
            ),
        )
        .explained(ErrorText::PhotoTooManyPixels));
    }
    Ok(plan)
}

/// The EXIF orientation in raw EXIF (TIFF) data, as PNG and WebP carry it; 1 when absent.
fn exif_orientation(raw: &[u8]) -> u32 {
    let raw = raw.strip_prefix(b"Exif\0\0").unwrap_or(raw);
    orientation_of(exif::Reader::new().read_raw(raw.to_vec()))
}

fn orientation_of(exif: Result<exif::Exif, exif::Error>) -> u32 {
    exif.or_else(|e| e.distill_partial_result(|_| {}))
        .ok()
        .and_then(|e| {
            e.get_field(exif::Tag::Orientation, exif::In::PRIMARY)
                .and_then(|f| f.value.get_uint(0))
        })
        .unwrap_or(1)
}

/// EXIF orientation of a JPEG (1 when absent or unreadable). Phones write slightly malformed
/// EXIF often enough that a strict reader would lose the orientation: read what can be read.
fn jpeg_orientation(bytes: &[u8]) -> u32 {
    let mut reader = exif::Reader::new();
    reader.continue_on_error(true);
    orientation_of(reader.read_from_container(&mut Cursor::new(bytes)))
}

/// Decodes a JPEG at the smallest DCT scale (1/1, 1/2, 1/4, 1/8) that still gives at least
/// `DISPLAY_MAX` on the long side, like libjpeg's shrink-on-load.
fn decode_jpeg(bytes: &[u8], plan: &Plan) -> Result<(RgbImage, u32), AppError> {
    let mut decoder = jpeg_decoder::Decoder::new(Cursor::new(bytes));
    decoder.set_max_decoding_buffer_size(usize::try_from(plan.cost).unwrap_or(usize::MAX));
    decoder.read_info().map_err(unreadable)?;
    let info = decoder.info().ok_or_else(|| unreadable("no header"))?;
    let (w, h) = (u32::from(info.width), u32::from(info.height));
    if (w, h) != (plan.width, plan.height) {
        return Err(unreadable("the header changed"));
    }
    let long = w.max(h);
    let mut want = (u16::MAX, u16::MAX);
    if long > DISPLAY_MAX {
        let scale = |v: u32| (v * DISPLAY_MAX).div_ceil(long).max(1) as u16;
        want = (scale(w), scale(h));
    }
    let (sw, sh) = decoder
        .scale(want.0.min(info.width), want.1.min(info.height))
        .map_err(unreadable)?;
    let pixels = decoder.decode().map_err(unreadable)?;
    let info = decoder.info().ok_or_else(|| unreadable("no header"))?;
    let (sw, sh) = (u32::from(sw), u32::from(sh));
    let expected = |channels: usize| (sw as usize) * (sh as usize) * channels;
    let rgb = match info.pixel_format {
        jpeg_decoder::PixelFormat::RGB24 if pixels.len() == expected(3) => pixels,
        jpeg_decoder::PixelFormat::L8 if pixels.len() == expected(1) => {
            pixels.iter().flat_map(|&l| [l, l, l]).collect()
        }
        jpeg_decoder::PixelFormat::CMYK32 if pixels.len() == expected(4) => pixels
            .chunks_exact(4)
            .flat_map(|p| {
                let k = u16::from(p[3]);
                [p[0], p[1], p[2]].map(|c| ((u16::from(c) * k) / 255) as u8)
            })
            .collect(),
        _ => return Err(unreadable("unsupported JPEG pixel format")),
    };
    let image =
        RgbImage::from_raw(sw, sh, rgb).ok_or_else(|| unreadable("pixel buffer size mismatch"))?;
    Ok((image, jpeg_orientation(bytes)))
}

/// Shrinks an image by an integer factor while its rows come in (a box filter), turning grey
/// into RGB and flattening alpha on white, so a large PNG or WebP never exists in memory at
/// full size as RGB.
struct Shrink {
    k: u32,
    width: u32,
    channels: usize,
    /// Sums of the current output row, per output pixel and colour.
    sums: Vec<u32>,
    rows: u32,
    out: Vec<u8>,
}

impl Shrink {
    fn new(width: u32, height: u32, k: u32, channels: usize) -> Self {
        let out_w = width.div_ceil(k) as usize;
        Self {
            k,
            width,
            channels,
            sums: vec![0; out_w * 3],
            rows: 0,
            out: Vec::with_capacity(out_w * height.div_ceil(k) as usize * 3),
        }
    }

    fn push(&mut self, row: &[u8]) {
        let k = self.k as usize;
        for (x, px) in row
            .chunks_exact(self.channels)
            .take(self.width as usize)
            .enumerate()
        {
            let rgb = match *px {
                [l] => [l; 3],
                [l, a] => [flatten(l, a); 3],
                [r, g, b] => [r, g, b],
                [r, g, b, a] => [flatten(r, a), flatten(g, a), flatten(b, a)],
                _ => [0; 3],
            };
            let o = (x / k) * 3;
            for (sum, v) in self.sums[o..o + 3].iter_mut().zip(rgb) {
                *sum += u32::from(v);
            }
        }
        self.rows += 1;
        if self.rows == self.k {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if self.rows == 0 {
            return;
        }
        let (k, w) = (self.k, self.width);
        for (i, sum) in self.sums.iter_mut().enumerate() {
            let ox = (i / 3) as u32;
            let cols = k.min(w - ox * k);
            let n = cols * self.rows;
            self.out.push(((*sum + n / 2) / n) as u8);
            *sum = 0;
        }
        self.rows = 0;
    }

    fn finish(mut self) -> Result<RgbImage, AppError> {
        self.flush();
        let out_w = self.width.div_ceil(self.k);
        let out_h = (self.out.len() / 3 / out_w as usize) as u32;
        RgbImage::from_raw(out_w, out_h, self.out)
            .ok_or_else(|| unreadable("pixel buffer size mismatch"))
    }
}

fn flatten(c: u8, a: u8) -> u8 {
    let a = u16::from(a);
    ((u16::from(c) * a + 255 * (255 - a)) / 255) as u8
}

/// Decodes a PNG row by row into a shrunk RGB image; interlaced ones are read whole first.
fn decode_png(bytes: &[u8], plan: &Plan) -> Result<(RgbImage, u32), AppError> {
    let limits = png::Limits {
        bytes: usize::try_from(plan.cost).unwrap_or(usize::MAX),
    };
    let mut decoder = png::Decoder::new_with_limits(Cursor::new(bytes), limits);
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    decoder.set_ignore_text_chunk(true);
    let mut reader = decoder.read_info().map_err(unreadable)?;
    let info = reader.info();
    let (w, h, interlaced) = (info.width, info.height, info.interlaced);
    if (w, h) != (plan.width, plan.height) {
        return Err(unreadable("the header changed"));
    }
    let orientation = info.exif_metadata.as_deref().map_or(1, exif_orientation);
    let channels = reader.output_color_type().0.samples();
    let mut shrink = Shrink::new(w, h, shrink_factor(w, h), channels);
    if interlaced {
        let size = reader
            .output_buffer_size()
            .ok_or_else(|| unreadable("the image is too large"))?;
        let mut frame = vec![0; size];
        let out = reader.next_frame(&mut frame).map_err(unreadable)?;
        for row in frame.chunks_exact(out.line_size).take(h as usize) {
            shrink.push(row);
        }
    } else {
        while let Some(row) = reader.next_row().map_err(unreadable)? {
            shrink.push(row.data());
        }
    }
    Ok((shrink.finish()?, orientation))
}

/// Decodes a WebP (first frame), then shrinks it to RGB.
fn decode_webp(bytes: &[u8], plan: &Plan) -> Result<(RgbImage, u32), AppError> {
    let mut decoder = image_webp::WebPDecoder::new(Cursor::new(bytes)).map_err(unreadable)?;
    decoder.set_memory_limit(usize::try_from(plan.cost).unwrap_or(usize::MAX));
    let (w, h) = decoder.dimensions();
    if (w, h) != (plan.width, plan.height) {
        return Err(unreadable("the header changed"));
    }
    let orientation = decoder
        .exif_metadata()
        .ok()
        .flatten()
        .map_or(1, |raw| exif_orientation(&raw));
    let channels = if decoder.has_alpha() { 4 } else { 3 };
    let size = decoder
        .output_buffer_size()
        .ok_or_else(|| unreadable("the image is too large"))?;
    let mut frame = vec![0; size];
    decoder.read_image(&mut frame).map_err(unreadable)?;
    let mut shrink = Shrink::new(w, h, shrink_factor(w, h), channels);
    for row in frame.chunks_exact(w as usize * channels) {
        shrink.push(row);
    }
    Ok((shrink.finish()?, orientation))
}

fn apply_orientation(image: RgbImage, code: u32) -> RgbImage {
    use image::imageops::{flip_horizontal, flip_vertical, rotate180, rotate270, rotate90};
    match code {
        2 => flip_horizontal(&image),
        3 => rotate180(&image),
        4 => flip_vertical(&image),
        5 => flip_horizontal(&rotate90(&image)),
        6 => rotate90(&image),
        7 => flip_horizontal(&rotate270(&image)),
        8 => rotate270(&image),
        _ => image,
    }
}

fn fit(w: u32, h: u32, max: u32) -> (u32, u32) {
    let long = w.max(h);
    if long <= max {
        return (w, h);
    }
    let scale = |v: u32| {
        ((u64::from(v) * u64::from(max) + u64::from(long) / 2) / u64::from(long)).max(1) as u32
    };
    (scale(w), scale(h))
}

fn resize(resizer: &mut Resizer, src: &RgbImage, max: u32) -> Result<RgbImage, AppError> {
    let (w, h) = fit(src.width(), src.height(), max);
    if (w, h) == src.dimensions() {
        return Ok(src.clone());
    }
    let mut dst = RgbImage::new(w, h);
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    resizer
        .resize(src, &mut dst, &options)
        .map_err(AppError::internal)?;
    Ok(dst)
}

fn encode_jpeg(image: &RgbImage) -> Result<Vec<u8>, AppError> {
    let mut out = Vec::with_capacity(image.len() / 8);
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
        .encode_image(image)
        .map_err(AppError::internal)?;
    Ok(out)
}

/// Turns uploaded bytes into a display JPEG and a thumbnail, or says why it cannot.
/// CPU-bound and ungated: requests go through [`process_gated`].
pub fn process(bytes: &[u8]) -> Result<ProcessedPhoto, AppError> {
    render(bytes, &plan(bytes)?)
}

/// Decodes, turns and encodes a photo whose header `plan` has read.
fn render(bytes: &[u8], plan: &Plan) -> Result<ProcessedPhoto, AppError> {
    let (decoded, orientation) = match plan.kind {
        Kind::Jpeg => decode_jpeg(bytes, plan)?,
        Kind::Png => decode_png(bytes, plan)?,
        Kind::Webp => decode_webp(bytes, plan)?,
    };
    let mut resizer = Resizer::new();
    let display = apply_orientation(resize(&mut resizer, &decoded, DISPLAY_MAX)?, orientation);
    let thumbnail = resize(&mut resizer, &display, THUMB_MAX)?;
    let display_jpeg = encode_jpeg(&display)?;
    Ok(ProcessedPhoto {
        sha256: sha256_hex(&display_jpeg),
        width: display.width(),
        height: display.height(),
        thumbnail: encode_jpeg(&thumbnail)?,
        display: display_jpeg,
    })
}

/// [`process`] on a blocking thread, within the photo gate: the header is read first, so an
/// image too large to decode is refused before any pixel is; when too many photos are waiting
/// the answer is 503 with `Retry-After`.
pub async fn process_gated(bytes: Vec<u8>) -> Result<ProcessedPhoto, AppError> {
    let plan = plan(&bytes)?;
    GATE.run(plan.cost_mb(), move || render(&bytes, &plan))
        .await?
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg(w: u32, h: u32) -> Vec<u8> {
        encode_jpeg(&RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
        }))
        .unwrap()
    }

    /// A PNG written by hand (filter 0 on every row), so tests can make any header, colour
    /// type and Adam7 interlacing; `px` gives each pixel's samples.
    fn raw_png(
        w: u32,
        h: u32,
        color_type: u8,
        interlaced: bool,
        px: impl Fn(u32, u32) -> Vec<u8>,
    ) -> Vec<u8> {
        use std::io::Write;
        fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
            out.extend((data.len() as u32).to_be_bytes());
            let mut crc = flate2::Crc::new();
            crc.update(kind);
            crc.update(data);
            out.extend(kind);
            out.extend(data);
            out.extend(crc.sum().to_be_bytes());
        }
        let passes: &[(u32, u32, u32, u32)] = if interlaced {
            &[
                (0, 0, 8, 8),
                (4, 0, 8, 8),
                (0, 4, 4, 8),
                (2, 0, 4, 4),
                (0, 2, 2, 4),
                (1, 0, 2, 2),
                (0, 1, 1, 2),
            ]
        } else {
            &[(0, 0, 1, 1)]
        };
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        for &(x0, y0, dx, dy) in passes {
            if x0 >= w {
                continue;
            }
            for y in (y0..h).step_by(dy as usize) {
                let mut line = vec![0u8];
                for x in (x0..w).step_by(dx as usize) {
                    line.extend(px(x, y));
                }
                z.write_all(&line).unwrap();
            }
        }
        let mut ihdr = Vec::new();
        ihdr.extend(w.to_be_bytes());
        ihdr.extend(h.to_be_bytes());
        ihdr.extend([8, color_type, 0, 0, u8::from(interlaced)]);
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        chunk(&mut out, b"IHDR", &ihdr);
        chunk(&mut out, b"IDAT", &z.finish().unwrap());
        chunk(&mut out, b"IEND", &[]);
        out
    }

    #[test]
    fn a_png_bomb_is_refused_from_its_header_alone() {
        // 8000×8000 RGBA: 256 MB decoded, a few hundred KB sent. Only the header is written
        // here, so a decode attempt would fail differently.
        let mut bomb = raw_png(1, 1, 6, false, |_, _| vec![0; 4]);
        bomb[16..24].copy_from_slice(&[0, 0, 0x1f, 0x40, 0, 0, 0x1f, 0x40]);
        let mut crc = flate2::Crc::new();
        crc.update(&bomb[12..29]);
        bomb[29..33].copy_from_slice(&crc.sum().to_be_bytes());
        let e = plan(&bomb).unwrap_err();
        assert_eq!(e.status(), 422, "{e}");
        assert!(e.to_string().contains("8000×8000"), "{e}");
        assert!(e.to_string().contains("40 megapixels"), "{e}");
    }

    #[test]
    fn a_large_png_is_shrunk_while_read_and_its_alpha_flattened_on_white() {
        // Left half opaque red, right half fully transparent.
        let png = raw_png(3400, 1000, 6, false, |x, _| {
            if x < 1700 {
                vec![255, 0, 0, 255]
            } else {
                vec![0, 0, 0, 0]
            }
        });
        let p = plan(&png).unwrap();
        assert!(p.cost_mb() < 64, "read row by row: {} MB", p.cost_mb());
        let (img, _) = decode_png(&png, &p).unwrap();
        assert_eq!(img.dimensions(), (1700, 500), "shrunk by 2 while read");
        assert_eq!(img.get_pixel(10, 10).0, [255, 0, 0]);
        assert_eq!(img.get_pixel(1690, 490).0, [255, 255, 255]);
        let out = process(&png).unwrap();
        assert_eq!((out.width, out.height), (1600, 471));
    }

    #[test]
    fn an_interlaced_png_reads_like_a_plain_one() {
        let px = |x: u32, y: u32| vec![(x % 251) as u8, (y % 241) as u8];
        let plain = raw_png(3300, 205, 4, false, px);
        let interlaced = raw_png(3300, 205, 4, true, px);
        let (a, _) = decode_png(&plain, &plan(&plain).unwrap()).unwrap();
        let (b, _) = decode_png(&interlaced, &plan(&interlaced).unwrap()).unwrap();
        assert_eq!(a.dimensions(), (1650, 103));
        assert!(a == b, "grey+alpha, shrunk by 2, the same either way");
        assert!(plan(&interlaced).unwrap().cost > plan(&plain).unwrap().cost);
    }

    #[test]
    fn sniff_goes_by_content_not_name() {
        assert_eq!(sniff(&jpeg(8, 8)).unwrap(), Kind::Jpeg);
        assert_eq!(
            sniff(b"<html><body>hi</body></html>").unwrap_err().status(),
            415
        );
        let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic";
        let e = sniff(heic).unwrap_err();
        assert_eq!(e.status(), 415);
        assert!(e.to_string().contains("HEIC"));
    }

    #[test]
    fn large_jpeg_is_scaled_to_display_and_thumbnail_sizes() {
        let p = process(&jpeg(4000, 3000)).unwrap();
        assert_eq!((p.width, p.height), (1600, 1200));
        let thumb = image::load_from_memory(&p.thumbnail).unwrap();
        assert_eq!((thumb.width(), thumb.height()), (400, 300));
    }

    #[test]
    fn small_image_keeps_its_size() {
        let p = process(&jpeg(300, 200)).unwrap();
        assert_eq!((p.width, p.height), (300, 200));
    }

    #[test]
    fn fit_keeps_aspect_ratio() {
        assert_eq!(fit(4032, 3024, 1600), (1600, 1200));
        assert_eq!(fit(3024, 4032, 400), (300, 400));
        assert_eq!(fit(100, 50, 400), (100, 50));
        assert_eq!(fit(10_000, 1, 400), (400, 1));
    }

    #[test]
    fn orientation_six_turns_landscape_into_portrait() {
        let img = RgbImage::new(40, 30);
        assert_eq!(apply_orientation(img.clone(), 6).dimensions(), (30, 40));
        assert_eq!(apply_orientation(img, 3).dimensions(), (40, 30));
    }

    #[test]
    fn exif_orientation_is_read_from_a_phone_photo() {
        let bytes = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/fixtures/phone-12mp-gps-orient6.jpg"
        ))
        .unwrap();
        assert_eq!(jpeg_orientation(&bytes), 6);
    }

    #[test]
    fn oversize_upload_is_refused_before_decoding() {
        assert_eq!(
            process(&vec![0u8; MAX_PHOTO_BYTES + 1])
                .unwrap_err()
                .status(),
            413
        );
    }
}
