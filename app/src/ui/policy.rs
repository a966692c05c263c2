//! What browsers are told to allow: the Content-Security-Policy of every answer, and marking
//! personal pages uncacheable. One definition, used by the pages (with the nonce of their
//! hydration script) and by the server for every other answer.

/// The policy: scripts only from this site (and, on pages, the one inline hydration script
/// carrying `nonce`); WebAssembly for the islands; images (and the service worker's fetches,
/// which keep tiles for offline use) also from the map tile server; images as
/// `data:` (Leaflet) and `blob:` (photo previews); no plugins, no `<base>`, never in a frame.
/// Styles allow inline `style` attributes (status colours, Leaflet's positioning).
pub fn content_security_policy(tile_url: &str, nonce: Option<&str>) -> String {
    let nonce = nonce.map(|n| format!(" 'nonce-{n}'")).unwrap_or_default();
    let tiles = tile_origin(tile_url)
        .map(|o| format!(" {o}"))
        .unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self'{nonce} 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:{tiles}; \
         connect-src 'self'{tiles}; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'"
    )
}

/// `https://{s}.tile.example.org/{z}/{x}/{y}.png` → `https://*.tile.example.org`; `None` for
/// a relative template (served here) or one that would widen the policy to any host.
fn tile_origin(template: &str) -> Option<String> {
    let (scheme, rest) = template.split_once("://")?;
    if !matches!(scheme, "http" | "https") {
        return None;
    }
    let host = rest.split('/').next()?.replace("{s}", "*");
    let sane = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '*'))
        && host.trim_start_matches("*.").contains('.')
        || host.starts_with("localhost")
        || host.starts_with("127.");
    sane.then(|| format!("{scheme}://{host}"))
}

/// Marks the page being rendered as personal (a reporter's tracking page, staff pages):
/// `Cache-Control: private, no-store`, so no proxy or shared browser keeps it.
pub fn private_page() {
    #[cfg(feature = "ssr")]
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(
            http::header::CACHE_CONTROL,
            http::HeaderValue::from_static("private, no-store"),
        );
    }
}

/// Sets the page's policy with the nonce Leptos gives its inline hydration script.
pub fn page_policy() {
    #[cfg(feature = "ssr")]
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        let nonce = leptos::nonce::use_nonce().map(|n| n.to_string());
        let policy = content_security_policy(&super::tile_url(), nonce.as_deref());
        if let Ok(value) = http::HeaderValue::from_str(&policy) {
            response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tile_server_is_the_only_other_image_origin() {
        let p = content_security_policy("https://tile.openstreetmap.org/{z}/{x}/{y}.png", None);
        assert!(
            p.contains("img-src 'self' data: blob: https://tile.openstreetmap.org;"),
            "{p}"
        );
        assert!(p.contains("script-src 'self' 'wasm-unsafe-eval';"), "{p}");
        assert!(p.contains("frame-ancestors 'none'"), "{p}");
        let p =
            content_security_policy("https://{s}.tile.example.org/{z}/{x}/{y}.png", Some("abc"));
        assert!(p.contains("https://*.tile.example.org;"), "{p}");
        assert!(
            p.contains("script-src 'self' 'nonce-abc' 'wasm-unsafe-eval';"),
            "{p}"
        );
        for hostile in [
            "/tiles/{z}/{x}/{y}.png",
            "https://{s}/{z}.png",
            "https://*/x.png",
            "javascript://x.org/",
            "https://a.org; script-src *",
        ] {
            let p = content_security_policy(hostile, None);
            assert!(p.contains("img-src 'self' data: blob:;"), "{hostile}: {p}");
        }
    }
}
