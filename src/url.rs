//! Small URL helpers shared by the core: query strings, and the parts of
//! URLs that [`crate::environment::check_base_url`] has already checked.

use crate::oauth::form;

/// `text` percent-encoded (everything but RFC 3986 unreserved characters).
pub fn encode(text: &str) -> String {
    crate::oauth::percent_encode(text)
}

/// `?k=v&k2=v2`, every key and value percent-encoded; nothing when `pairs`
/// is empty.
pub fn query_string(pairs: &[(String, String)]) -> String {
    if pairs.is_empty() {
        return String::new();
    }
    let pairs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    format!("?{}", form::query(&pairs))
}

/// `url` with every query value removed (`?status=&from_date=`), for logs:
/// a value may be an email address or a search text.
pub fn without_query_values(url: &str) -> String {
    let Some((base, query)) = url.split_once('?') else {
        return url.to_owned();
    };
    let keys: Vec<&str> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((key, _)) => key,
            None => pair,
        })
        .collect();
    format!("{base}?{}=", keys.join("=&"))
}

/// `host[:port]` of `scheme://host[:port][/path]`.
pub fn authority(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split('/').next().unwrap_or(rest)
}

/// `scheme://host[:port]` of a URL.
pub fn origin(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    match url[after_scheme..].find('/') {
        Some(slash) => &url[..after_scheme + slash],
        None => url,
    }
}

/// `url` with any `user:password@` replaced by `[redacted]@`, for messages.
/// Without `://` (a malformed URL) everything up to the last `@` goes.
pub fn redact_userinfo(url: &str) -> String {
    let Some(after_scheme) = url.find("://").map(|i| i + 3) else {
        return match url.rfind('@') {
            Some(at) => format!("[redacted]@{}", &url[at + 1..]),
            None => url.to_owned(),
        };
    };
    let authority_end = url[after_scheme..]
        .find('/')
        .map_or(url.len(), |i| after_scheme + i);
    match url[after_scheme..authority_end].rfind('@') {
        Some(at) => format!(
            "{}[redacted]@{}",
            &url[..after_scheme],
            &url[after_scheme + at + 1..]
        ),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_reserved_and_unicode() {
        assert_eq!(encode("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
        assert_eq!(
            query_string(&[("from_date".into(), "2024-01-01T00:00:00+01:00".into())]),
            "?from_date=2024-01-01T00%3A00%3A00%2B01%3A00"
        );
        assert_eq!(query_string(&[]), "");
    }

    #[test]
    fn query_values_are_removed() {
        assert_eq!(
            without_query_values("https://h/p?a=1&b=x%40y&c"),
            "https://h/p?a=&b=&c="
        );
        assert_eq!(without_query_values("https://h/p"), "https://h/p");
    }

    #[test]
    fn parts() {
        assert_eq!(authority("https://h:1/x/y"), "h:1");
        assert_eq!(origin("https://h:1/x/y"), "https://h:1");
        assert_eq!(origin("https://h"), "https://h");
        assert_eq!(
            redact_userinfo("http://bob:pw@proxy:3128/x@y"),
            "http://[redacted]@proxy:3128/x@y"
        );
        assert_eq!(redact_userinfo("https://h/a@b"), "https://h/a@b");
        assert_eq!(redact_userinfo("rediss//u:pw@h:1/0"), "[redacted]@h:1/0");
    }
}
