//! Security headers on every response.

use crate::get;

#[tokio::test]
async fn every_response_has_the_security_headers() {
    for uri in [
        "/",
        "/catalog",
        "/catalog/CLF-C02",
        "/catalog/NOPE-C01",
        "/advise?role=web-developr",
        "/static/app.css",
        "/health",
        "/api/v1/catalog",
        "/api/v1/advice",
        "/api/openapi.json",
        "/no/such/page",
    ] {
        let reply = get(uri).await;
        let header = |name: &str| {
            reply
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_else(|| panic!("{uri} has no {name}"))
                .to_owned()
        };
        let csp = header("content-security-policy");
        assert!(csp.contains("default-src 'self'"), "{uri}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{uri}: {csp}");
        assert_eq!(header("x-content-type-options"), "nosniff", "{uri}");
        assert_eq!(header("referrer-policy"), "no-referrer", "{uri}");
        assert_eq!(header("x-frame-options"), "DENY", "{uri}");
    }
}

#[tokio::test]
async fn pages_need_no_script_and_no_inline_style() {
    for uri in [
        "/",
        "/catalog",
        "/catalog/SOA-C03",
        "/advise",
        "/advise?role=sysadmin",
    ] {
        let body = get(uri).await.body;
        assert!(!body.contains("<script"), "{uri}");
        assert!(
            !body.contains("style="),
            "{uri}: the policy would block inline styles"
        );
        assert!(!body.contains("<style"), "{uri}");
    }
}
