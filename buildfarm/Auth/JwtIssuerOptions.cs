namespace KernelAgent.BuildFarm.Auth;

/// <summary>One issuer of accepted JWT bearer tokens (an item of <c>Auth:JwtIssuers</c>).</summary>
internal sealed class JwtIssuerOptions
{
    /// <summary>The token's <c>iss</c>, exactly. Required.</summary>
    public string Issuer { get; set; } = string.Empty;

    /// <summary>The <c>aud</c> a token must carry. Default <c>kernel-buildfarm</c>.</summary>
    public string Audience { get; set; } = "kernel-buildfarm";

    /// <summary>PEM public key (RSA or EC) the issuer signs with. Required. Tokens of this issuer signed by another key are refused.</summary>
    public string KeyFile { get; set; } = string.Empty;
}
