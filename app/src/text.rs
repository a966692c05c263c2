//! What free text from users may hold. Invisible characters that reorder or hide text (bidi
//! overrides, embeddings and isolates, direction marks, zero-width spaces, word joiners, the
//! byte-order mark, soft hyphens) can make a description, a name or an address read differently
//! from what it says: they are removed from every text field before it is checked. Joiners
//! that emoji and some scripts need (U+200C, U+200D) stay.

/// Whether `c` is an invisible character that can spoof text.
pub fn is_spoofing(c: char) -> bool {
    matches!(c,
        '\u{00AD}'                  // soft hyphen
        | '\u{061C}'                // Arabic letter mark
        | '\u{180E}'                // Mongolian vowel separator
        | '\u{200B}'                // zero-width space
        | '\u{200E}' | '\u{200F}'   // left-to-right / right-to-left mark
        | '\u{202A}'..='\u{202E}'   // embeddings and overrides
        | '\u{2060}'..='\u{2064}'   // word joiner, invisible operators
        | '\u{2066}'..='\u{2069}'   // isolates
        | '\u{FEFF}'                // byte-order mark, zero-width no-break space
    )
}

/// `text` without spoofing characters (borrowed when there were none).
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(is_spoofing) {
        std::borrow::Cow::Owned(text.chars().filter(|c| !is_spoofing(*c)).collect())
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Whether `email` is an address the mailer can send to: one address, a plain local part
/// (no quotes, no comments, no lists) and a domain with a dot. On the server the mailer's own
/// parser (lettre) must accept it too.
pub fn is_sendable_email(email: &str) -> bool {
    let Some((local, domain)) = email.rsplit_once('@') else {
        return false;
    };
    let plain_local = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
    let plain_domain = domain.contains('.')
        && !domain.starts_with(['.', '-'])
        && !domain.ends_with(['.', '-'])
        && !domain.contains("..")
        && domain
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
    #[cfg(feature = "ssr")]
    let mailer_accepts = email.parse::<lettre::Address>().is_ok();
    #[cfg(not(feature = "ssr"))]
    let mailer_accepts = true;
    plain_local && plain_domain && mailer_accepts
}

/// A phone number's digits, with a Belgian `0` for the country code `+32`/`0032`, so that
/// `+32 11 70 17 00`, `011/70.17.00` and `0032 11701700` are found as one number.
pub fn phone_digits(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    let national = if phone.trim_start().starts_with('+') {
        digits.strip_prefix("32").map(|d| format!("0{d}"))
    } else {
        digits.strip_prefix("0032").map(|d| format!("0{d}"))
    };
    national.unwrap_or(digits)
}

/// `text` with every e-mail address replaced by `<address>`: for log lines that quote what a
/// mail server or a library said, which may name the recipient.
pub fn redact_emails(text: &str) -> String {
    let local = |c: char| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c);
    let domain = |c: char| c.is_alphanumeric() || c == '.' || c == '-';
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '@' {
            let start = out.chars().rev().take_while(|c| local(*c)).count();
            let end = chars[i + 1..].iter().take_while(|c| domain(**c)).count();
            if start > 0 && end > 0 {
                for _ in 0..start {
                    out.pop();
                }
                out.push_str("<address>");
                i += 1 + end;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_in_log_text_are_redacted() {
        assert_eq!(
            redact_emails("550 5.1.1 <an.peeters+x@voorbeeld.be>: Recipient address rejected"),
            "550 5.1.1 <<address>>: Recipient address rejected"
        );
        assert_eq!(
            redact_emails("no address @ all, a@ b"),
            "no address @ all, a@ b"
        );
    }

    #[test]
    fn spoofing_characters_are_removed_and_the_rest_kept() {
        assert_eq!(visible("Kapotte\u{202E}lamp\u{202C}"), "Kapottelamp");
        assert_eq!(visible("straat\u{200B}naam\u{FEFF}"), "straatnaam");
        assert_eq!(visible("\u{2067}evil\u{2069} \u{200F}x"), "evil x");
        // Plain text, accents, emoji with joiners: untouched (and not copied).
        for fine in ["Rue de l'Église", "👩‍👧 gezin", "Zeer\ngoed\tzo"] {
            assert!(matches!(visible(fine), std::borrow::Cow::Borrowed(s) if s == fine));
        }
    }

    #[test]
    fn only_addresses_the_mailer_can_send_to_pass() {
        for good in [
            "an@voorbeeld.be",
            "a.b+c@sub.stad.be",
            "x_y@xn--stad-9ra.be",
        ] {
            assert!(is_sendable_email(good), "{good}");
        }
        for bad in [
            "a@x.org,b@x.org",
            "\"a b\"@x.org",
            "\"quoted\"@x.org",
            "a@x",
            "@x.org",
            "a@.x.org",
            "a..b@x.org",
            "a@x..org",
            "a b@x.org",
            "a@x.org>",
            "An <an@x.org>",
            "a(comment)@x.org",
            "a@x.org\r\nBcc: c@x.org",
        ] {
            assert!(!is_sendable_email(bad), "{bad}");
        }
    }

    #[test]
    fn phone_numbers_are_found_whichever_way_they_are_written() {
        for p in [
            "011 70 17 00",
            "+32 11 70 17 00",
            "0032 11/70.17.00",
            "(011) 701700",
        ] {
            assert_eq!(phone_digits(p), "011701700", "{p}");
        }
        assert_eq!(phone_digits("+31 20 123 4567"), "31201234567");
    }
}
