using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.ScaleOut;

/// <summary>Checks the Nats section at start and reports every problem at once; an unset Url checks nothing else.</summary>
internal sealed partial class NatsOptionsValidator : IValidateOptions<NatsOptions>
{
    private static readonly string[] Schemes = ["nats", "tls", "ws", "wss"];

    public ValidateOptionsResult Validate(string? name, NatsOptions options)
    {
        var errors = new List<string>();
        if (!options.Enabled)
        {
            if (!string.IsNullOrEmpty(options.CredentialsFile))
            {
                errors.Add("Nats:CredentialsFile is set but Nats:Url is not");
            }

            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }

        foreach (var url in options.Url!.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || !Schemes.Contains(parsed.Scheme) || string.IsNullOrEmpty(parsed.Host))
            {
                errors.Add($"Nats:Url '{url}' is not a NATS server URL (nats://host:port, tls://, ws:// or wss://)");
            }
        }

        if (!string.IsNullOrEmpty(options.CredentialsFile) && !File.Exists(options.CredentialsFile))
        {
            errors.Add($"Nats:CredentialsFile '{options.CredentialsFile}' does not exist");
        }

        Name(errors, "Nats:JobsStream", options.JobsStream);
        Name(errors, "Nats:EventsStream", options.EventsStream);
        Name(errors, "Nats:BuildsBucket", options.BuildsBucket);
        Name(errors, "Nats:WorkersConsumer", options.WorkersConsumer);
        if (options.SubjectPrefix is null || !Subject().IsMatch(options.SubjectPrefix))
        {
            errors.Add($"Nats:SubjectPrefix '{options.SubjectPrefix}' is not one or more dot-separated tokens of letters, digits, '-' and '_'");
        }

        if (options.AckWait < TimeSpan.FromSeconds(1) || options.AckWait > TimeSpan.FromHours(1))
        {
            errors.Add($"Nats:AckWait {options.AckWait} is outside 00:00:01..01:00:00");
        }

        if (options.MaxDeliver is < 1 or > 100)
        {
            errors.Add($"Nats:MaxDeliver {options.MaxDeliver} is outside 1..100");
        }

        if (options.Replicas is < 1 or > 5)
        {
            errors.Add($"Nats:Replicas {options.Replicas} is outside 1..5");
        }

        if (options.EventRetention < TimeSpan.FromMinutes(1) || options.EventRetention > TimeSpan.FromDays(30))
        {
            errors.Add($"Nats:EventRetention {options.EventRetention} is outside 00:01:00..30.00:00:00");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Name(List<string> errors, string key, string? value)
    {
        if (value is null || !Token().IsMatch(value))
        {
            errors.Add($"{key} '{value}' is not a name of letters, digits, '-' and '_'");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex Token();

    [GeneratedRegex("^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$")]
    private static partial Regex Subject();
}
