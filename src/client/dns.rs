//! Name resolution for the client's agent. ureq's default resolver runs
//! every timed lookup on a new thread, before every request, even for an IP
//! address and a pooled connection; this one answers IP addresses at once
//! and remembers names for a minute, so a call on a kept-alive connection
//! starts no thread.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use ureq::config::Config;
use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

/// How long a looked-up name is reused.
const NAME_TTL: Duration = Duration::from_secs(60);

/// IP addresses at once; names through ureq's resolver, cached.
#[derive(Debug, Default)]
pub struct CachingResolver {
    lookup: DefaultResolver,
    names: Mutex<HashMap<String, (Instant, Vec<SocketAddr>)>>,
}

impl CachingResolver {
    fn addrs(&self, list: &[SocketAddr]) -> ResolvedSocketAddrs {
        let mut out = self.empty();
        for addr in list.iter().take(16) {
            out.push(*addr);
        }
        out
    }
}

impl Resolver for CachingResolver {
    fn resolve(
        &self,
        uri: &Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let Some(authority) = uri.authority() else {
            return self.lookup.resolve(uri, config, timeout);
        };
        let port = authority.port_u16().or(match uri.scheme_str() {
            Some("https") => Some(443),
            Some("http") => Some(80),
            _ => None,
        });
        let host = authority
            .host()
            .trim_start_matches('[')
            .trim_end_matches(']');
        let Some(port) = port else {
            return self.lookup.resolve(uri, config, timeout);
        };
        if let Ok(ip) = host.parse::<IpAddr>() {
            return Ok(self.addrs(&[SocketAddr::new(ip, port)]));
        }
        let key = format!("{host}:{port}");
        let now = Instant::now();
        {
            let names = self.names.lock().unwrap_or_else(|e| e.into_inner());
            if let Some((at, list)) = names.get(&key) {
                if now.duration_since(*at) < NAME_TTL {
                    return Ok(self.addrs(list));
                }
            }
        }
        let resolved = self.lookup.resolve(uri, config, timeout)?;
        let mut names = self.names.lock().unwrap_or_else(|e| e.into_inner());
        names.retain(|_, (at, _)| now.duration_since(*at) < NAME_TTL);
        names.insert(key, (now, resolved.iter().copied().collect()));
        Ok(resolved)
    }
}
