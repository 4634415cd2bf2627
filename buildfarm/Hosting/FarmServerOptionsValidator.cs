using System.Net;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Hosting;

/// <summary>Reports every problem of the server options at once, at start.</summary>
internal sealed class FarmServerOptionsValidator : IValidateOptions<FarmServerOptions>
{
    public ValidateOptionsResult Validate(string? name, FarmServerOptions options)
    {
        var errors = new List<string>();
        if (!IPEndPoint.TryParse(options.Listen, out var grpc) || grpc.Port == 0)
        {
            errors.Add($"Server:Listen '{options.Listen}' is not an address:port");
        }

        if (!string.IsNullOrEmpty(options.HttpListen) && (!IPEndPoint.TryParse(options.HttpListen, out var http) || http.Port == 0))
        {
            errors.Add($"Server:HttpListen '{options.HttpListen}' is not an address:port");
        }

        if (options.MaxStreamsPerConnection is < 1 or > FarmServerOptions.MaxStreamsPerConnectionLimit)
        {
            errors.Add($"Server:MaxStreamsPerConnection {options.MaxStreamsPerConnection} is not between 1 and {FarmServerOptions.MaxStreamsPerConnectionLimit}");
        }

        if (string.IsNullOrEmpty(options.TlsCertificateFile) != string.IsNullOrEmpty(options.TlsKeyFile))
        {
            errors.Add("Server:TlsCertificateFile and Server:TlsKeyFile must be set together");
        }

        foreach (var file in new[] { options.TlsCertificateFile, options.TlsKeyFile })
        {
            if (!string.IsNullOrEmpty(file) && !File.Exists(file))
            {
                errors.Add($"'{file}' does not exist");
            }
        }

        if (!string.IsNullOrEmpty(options.PublicStoreUrl) && !Uri.TryCreate(options.PublicStoreUrl, UriKind.Absolute, out _))
        {
            errors.Add($"Server:PublicStoreUrl '{options.PublicStoreUrl}' is not an absolute URL");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
