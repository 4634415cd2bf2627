using System.Text.Json;
using KernelAgent.Protocol.V1;
using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.ScaleOut;

/// <summary>
/// Reads what other processes put on NATS (jobs, claims, events): whatever the bytes, a malformed one is a refusal
/// (null, with why), never an exception, so one bad message cannot stop a worker or a replica's relay.
/// </summary>
internal static class ScaleOutMessages
{
    public static string Write(BuildJobMessage job) => JsonSerializer.Serialize(job, ScaleOutJsonContext.Default.BuildJobMessage);

    public static byte[] Write(BuildClaim claim) => JsonSerializer.SerializeToUtf8Bytes(claim, ScaleOutJsonContext.Default.BuildClaim);

    /// <summary>The job and its variant, or null with the reason the text is not a job.</summary>
    public static (BuildJobMessage? Job, ArtifactVariant? Variant, string? Refusal) ReadJob(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return (null, null, "the job is empty");
        }

        try
        {
            var job = JsonSerializer.Deserialize(text, ScaleOutJsonContext.Default.BuildJobMessage);
            if (job?.BuildId is not { Length: > 0 } id || job.Variant is null || job.RequestedBy is null
                || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return (null, null, "the job lacks a build id (letters, digits, '-', '_'), a variant or who asked");
            }

            if (job.Supersede && string.IsNullOrEmpty(job.BuildKey))
            {
                return (null, null, "the job supersedes without a build key");
            }

            return (job, ArtifactVariant.Parse(job.Variant), null);
        }
        catch (JsonException e)
        {
            return (null, null, "the job is not JSON: " + e.Message);
        }
        catch (Exception e) when (e is VariantValidationException or FormatException or ArgumentException)
        {
            return (null, null, "the job's variant is malformed: " + e.Message);
        }
    }

    /// <summary>The claim, or null when the bytes are not one.</summary>
    public static BuildClaim? ReadClaim(ReadOnlySpan<byte> bytes)
    {
        try
        {
            var claim = JsonSerializer.Deserialize(bytes, ScaleOutJsonContext.Default.BuildClaim);
            return claim?.BuildId is { Length: > 0 } ? claim : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A build event's bytes parsed, or null when they are not one.</summary>
    public static BuildEvent? ReadEvent(ReadOnlySpan<byte> bytes)
    {
        try
        {
            var e = BuildEvent.Parser.ParseFrom(bytes);
            return string.IsNullOrEmpty(e.BuildId) || e.State == BuildState.Unspecified ? null : e;
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            return null;
        }
    }

    /// <summary>The terminal failure a claim remembers, or null when it holds none or a malformed one.</summary>
    public static BuildEvent? ReadFailure(BuildClaim claim)
    {
        if (claim.FailedEvent is null)
        {
            return null;
        }

        var bytes = new byte[claim.FailedEvent.Length];
        return Convert.TryFromBase64String(claim.FailedEvent, bytes, out var written) && ReadEvent(bytes.AsSpan(0, written)) is { State: BuildState.Failed } e
            ? e
            : null;
    }
}
