//! The photo pipeline: detect the format from the bytes, decode within limits, turn upright,
//! and re-encode a display JPEG (≤1600 px) and a thumbnail (≤400 px) without any metadata.
//! The original bytes are never stored.

use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
use image::{DynamicImage, ImageDecoder, ImageFormat, RgbImage};
use meldpunt_app::error::AppError;
use meldpunt_app::port::ProcessedPhoto;
use meldpunt_app::service::sha256_hex;
use std::io::Cursor;

/// Largest accepted upload per photo.
pub const MAX_PHOTO_BYTES: usize = 15 * 1024 * 1024;
/// Longest side of the display image.
pub const DISPLAY_MAX: u32 = 1600;
/// Longest side of the thumbnail.
pub const THUMB_MAX: u32 = 400;
/// Largest accepted image, in pixels per side and in total (a 48 MP phone photo fits).
const MAX_SIDE: u32 = 12_000;
const MAX_PIXELS: u64 = 64_000_000;
const JPEG_QUALITY: u8 = 82;

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
            ));
        }
    }
    Err(AppError::unsupported(
        "this file is not a JPEG, PNG or WebP image",
    ))
}

fn check_dimensions(width: u32, height: u32) -> Result<(), AppError> {
    if width == 0 || height == 0 {
        return Err(AppError::validation("photo", "the image has no pixels"));
    }
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(AppError::validation(
            "photo",
            format!("the image is too large ({width}×{height}); at most {MAX_SIDE} px per side and 64 megapixels"),
        ));
    }
    Ok(())
}

fn unreadable(e: impl std::fmt::Display) -> AppError {
    AppError::validation("photo", format!("the image could not be read: {e}"))
}

/// EXIF orientation of a JPEG (1 when absent or unreadable). Phones write slightly malformed
/// EXIF often enough that a strict reader would lose the orientation: read what can be read.
fn jpeg_orientation(bytes: &[u8]) -> u32 {
    let mut reader = exif::Reader::new();
    reader.continue_on_error(true);
    reader
        .read_from_container(&mut Cursor::new(bytes))
        .or_else(|e| e.distill_partial_result(|_| {}))
        .ok()
        .and_then(|e| {
            e.get_field(exif::Tag::Orientation, exif::In::PRIMARY)
                .and_then(|f| f.value.get_uint(0))
        })
        .unwrap_or(1)
}

/// Decodes a JPEG at the smallest DCT scale (1/1, 1/2, 1/4, 1/8) that still gives at least
/// `DISPLAY_MAX` on the long side, like libjpeg's shrink-on-load.
fn decode_jpeg(bytes: &[u8]) -> Result<(RgbImage, u32), AppError> {
    let mut decoder = jpeg_decoder::Decoder::new(Cursor::new(bytes));
    decoder.read_info().map_err(unreadable)?;
    let info = decoder.info().ok_or_else(|| unreadable("no header"))?;
    let (w, h) = (u32::from(info.width), u32::from(info.height));
    check_dimensions(w, h)?;
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

/// Decodes PNG and WebP through `image` with allocation limits; alpha is flattened on white.
fn decode_other(bytes: &[u8], kind: Kind) -> Result<(RgbImage, u32), AppError> {
    let format = if kind == Kind::Png {
        ImageFormat::Png
    } else {
        ImageFormat::WebP
    };
    let mut reader = image::ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_PIXELS * 4 + 64 * 1024 * 1024);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| match e {
        image::ImageError::Limits(_) => AppError::validation("photo", "the image is too large"),
        e => unreadable(e),
    })?;
    let (w, h) = decoder.dimensions();
    check_dimensions(w, h)?;
    let orientation = match decoder.orientation() {
        Ok(image::metadata::Orientation::NoTransforms) | Err(_) => 1,
        Ok(o) => orientation_code(o),
    };
    let image = DynamicImage::from_decoder(decoder).map_err(unreadable)?;
    let rgb = if image.color().has_alpha() {
        let rgba = image.into_rgba8();
        let (w, h) = rgba.dimensions();
        let mut out = RgbImage::new(w, h);
        for (o, p) in out.pixels_mut().zip(rgba.pixels()) {
            let a = u16::from(p[3]);
            *o = image::Rgb(
                [0, 1, 2].map(|i| ((u16::from(p[i]) * a + 255 * (255 - a)) / 255) as u8),
            );
        }
        out
    } else {
        image.into_rgb8()
    };
    Ok((rgb, orientation))
}

fn orientation_code(o: image::metadata::Orientation) -> u32 {
    use image::metadata::Orientation::*;
    match o {
        NoTransforms => 1,
        FlipHorizontal => 2,
        Rotate180 => 3,
        FlipVertical => 4,
        Rotate90FlipH => 5,
        Rotate90 => 6,
        Rotate270FlipH => 7,
        Rotate270 => 8,
    }
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
/// CPU-bound: call it from a blocking thread.
pub fn process(bytes: &[u8]) -> Result<ProcessedPhoto, AppError> {
    if bytes.len() > MAX_PHOTO_BYTES {
        return Err(AppError::too_large(format!(
            "a photo is at most {} MB",
            MAX_PHOTO_BYTES / 1024 / 1024
        )));
    }
    let kind = sniff(bytes)?;
    let (decoded, orientation) = match kind {
        Kind::Jpeg => decode_jpeg(bytes)?,
        Kind::Png | Kind::Webp => decode_other(bytes, kind)?,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg(w: u32, h: u32) -> Vec<u8> {
        encode_jpeg(&RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
        }))
        .unwrap()
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
