namespace KernelAgent.Journald;

/// <summary>
/// Journal field names the agent and the farm write. The first group is defined by systemd.journal-fields(7);
/// the second is the project's own vocabulary, the fields SREs filter on
/// (<c>journalctl -u kernel-agent KERNEL_RELEASE=6.1.0-56-amd64</c>, <c>journalctl -u kernel-buildfarm BUILD_ID=...</c>).
/// </summary>
/// <remarks>
/// A structured property becomes a field by upper snake case (see <see cref="JournalFieldName"/>), so a
/// <c>[LoggerMessage]</c> template placeholder <c>{KernelRelease}</c> lands in <see cref="KernelRelease"/>.
/// </remarks>
public static class JournalFields
{
    /// <summary>The human-readable message (systemd.journal-fields(7)).</summary>
    public const string Message = "MESSAGE";

    /// <summary>128-bit id of the event kind, 32 lower-case hex digits (systemd.journal-fields(7)).</summary>
    public const string MessageId = "MESSAGE_ID";

    /// <summary>Syslog priority 0-7 (systemd.journal-fields(7), syslog(3)).</summary>
    public const string Priority = "PRIORITY";

    /// <summary>The program name journalctl shows and <c>-t</c> filters on (systemd.journal-fields(7)).</summary>
    public const string SyslogIdentifier = "SYSLOG_IDENTIFIER";

    /// <summary>The exception's full text, stack trace included; multi-line, so sent binary-safe.</summary>
    public const string Exception = "EXCEPTION";

    /// <summary>The Microsoft.Extensions.Logging event id number, to find the <c>[LoggerMessage]</c>.</summary>
    public const string EventId = "EVENT_ID";

    /// <summary>The Microsoft.Extensions.Logging event name (the <c>[LoggerMessage]</c> method).</summary>
    public const string EventName = "EVENT_NAME";

    /// <summary><c>uname -r</c> of the kernel the event is about.</summary>
    public const string KernelRelease = "KERNEL_RELEASE";

    /// <summary><c>uname -v</c>, the full kernel build string.</summary>
    public const string KernelVersion = "KERNEL_VERSION";

    /// <summary>The variant's content key (sha256 of its canonical form).</summary>
    public const string VariantKey = "VARIANT_KEY";

    /// <summary>The driver (module) name.</summary>
    public const string Driver = "DRIVER";

    /// <summary>sha256 of the module artifact.</summary>
    public const string ArtifactDigest = "ARTIFACT_DIGEST";

    /// <summary>The build farm's id for a build.</summary>
    public const string BuildId = "BUILD_ID";

    /// <summary>The outcome of a pass, a step or a build (e.g. loaded, miss, refused; published, failed).</summary>
    public const string Outcome = "OUTCOME";

    /// <summary>The phase of a farm build an event belongs to (queue, source, headers, compile, ..., finish).</summary>
    public const string Phase = "PHASE";
}
