//! OAuth 2.0 with DocuSign: JWT grant, authorization code grant, tokens, userinfo.
