namespace KernelAgent.Store.Backends.S3;

/// <summary>
/// The bucket and key prefix named by an <c>s3://bucket/prefix</c> URL. The prefix is empty or ends in
/// '/', so a store key is always <c>Prefix + key</c> and never reaches outside the prefix.
/// </summary>
internal sealed record S3Location(string Bucket, string Prefix)
{
    /// <summary>Parses and checks an s3:// URL; throws <see cref="ArgumentException"/> saying what is wrong.</summary>
    public static S3Location Parse(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || !string.Equals(url.Scheme, "s3", StringComparison.OrdinalIgnoreCase))
        {
            throw Bad(url, "the scheme must be s3:// (s3://bucket/prefix)");
        }

        if (url.UserInfo.Length > 0)
        {
            throw Bad(url, "credentials do not belong in the URL; set AccessKey/SecretKey or use the AWS credential chain");
        }

        if (!url.IsDefaultPort)
        {
            throw Bad(url, "a port does not belong in an s3:// URL; set ServiceUrl for a custom endpoint");
        }

        if (url.Query.Length > 0 || url.Fragment.Length > 0)
        {
            throw Bad(url, "an s3:// URL takes no query or fragment");
        }

        // Uri lower-cases the host and silently resolves "." and ".." in the path, which would hide a bad
        // bucket name or move the prefix: read both as written.
        var (bucket, rawPath) = AsWritten(url);
        var bucketProblem = BucketProblem(bucket);
        if (bucketProblem is not null)
        {
            throw Bad(url, bucketProblem);
        }

        var path = Uri.UnescapeDataString(rawPath).Trim('/');
        if (path.Length == 0)
        {
            return new S3Location(bucket, string.Empty);
        }

        var prefixProblem = StoreKeys.Problem(path);
        if (prefixProblem is not null)
        {
            throw Bad(url, $"the prefix '{path}' is not usable: {prefixProblem}");
        }

        return new S3Location(bucket, path + "/");
    }

    /// <summary>The object key of a store key (already validated with <see cref="StoreKeys"/>).</summary>
    public string ObjectKey(string storeKey) => Prefix + storeKey;

    /// <summary>The store key of an object key listed under <see cref="Prefix"/>.</summary>
    public string StoreKey(string objectKey) => objectKey[Prefix.Length..];

    /// <summary>
    /// The bucket naming rules of S3 (docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html):
    /// 3-63 characters of lower-case letters, digits, '.' and '-', starting and ending with a letter or digit.
    /// </summary>
    internal static string? BucketProblem(string bucket)
    {
        if (bucket.Length is < 3 or > 63)
        {
            return $"the bucket name '{bucket}' must be 3 to 63 characters long";
        }

        foreach (var c in bucket)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '.' || c == '-'))
            {
                return $"the bucket name '{bucket}' may hold only lower-case letters, digits, '.' and '-'";
            }
        }

        if (!char.IsAsciiLetterOrDigit(bucket[0]) || !char.IsAsciiLetterOrDigit(bucket[^1]))
        {
            return $"the bucket name '{bucket}' must start and end with a letter or digit";
        }

        return bucket.Contains("..", StringComparison.Ordinal)
            ? $"the bucket name '{bucket}' must not contain '..'"
            : null;
    }

    private static (string Bucket, string Path) AsWritten(Uri url)
    {
        var text = url.OriginalString.Trim();
        var start = text.IndexOf("://", StringComparison.Ordinal) + 3;
        var end = text.IndexOfAny(['?', '#'], start);
        var rest = end < 0 ? text[start..] : text[start..end];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (rest, string.Empty) : (rest[..slash], rest[slash..]);
    }

    private static ArgumentException Bad(Uri url, string problem) =>
        new($"'{url.OriginalString}' is not a usable S3 store URL: {problem}", nameof(url));
}
