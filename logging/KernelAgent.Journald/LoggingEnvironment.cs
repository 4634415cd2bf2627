namespace KernelAgent.Journald;

/// <summary>What the process can tell about how systemd started it (systemd.exec(5)).</summary>
/// <param name="JournalStream">JOURNAL_STREAM: <c>dev:inode</c> of the stream systemd connected to the journal.</param>
/// <param name="InvocationId">INVOCATION_ID: set for every process a systemd unit starts.</param>
/// <param name="StandardOutput">Identity of fd 1, null when closed.</param>
/// <param name="StandardError">Identity of fd 2, null when closed.</param>
/// <param name="JournalSocketExists">Whether journald's native socket exists under the host root.</param>
public sealed record LoggingEnvironment(
    string? JournalStream,
    string? InvocationId,
    StreamIdentity? StandardOutput,
    StreamIdentity? StandardError,
    bool JournalSocketExists)
{
    public const string JournalStreamVariable = "JOURNAL_STREAM";
    public const string InvocationIdVariable = "INVOCATION_ID";

    public static LoggingEnvironment Probe(string journalSocketPath) => new(
        Environment.GetEnvironmentVariable(JournalStreamVariable),
        Environment.GetEnvironmentVariable(InvocationIdVariable),
        StreamIdentity.Of(StreamIdentity.StandardOutput),
        StreamIdentity.Of(StreamIdentity.StandardError),
        File.Exists(journalSocketPath));

    /// <summary>
    /// The journal when our own output stream is connected to it (JOURNAL_STREAM matches fd 1 or 2: a child
    /// that inherited the variable but writes elsewhere does not match) and the native socket is there;
    /// otherwise prefixed lines when systemd reads our output, plain lines for a person.
    /// </summary>
    public LogOutput ChooseTarget()
    {
        var journalStream = StreamIdentity.Parse(JournalStream);
        var connectedToJournal = journalStream is not null
            && (journalStream == StandardOutput || journalStream == StandardError);
        if (connectedToJournal && JournalSocketExists)
        {
            return LogOutput.Journal;
        }

        return connectedToJournal || !string.IsNullOrEmpty(InvocationId)
            ? LogOutput.ConsoleWithPriorityPrefix
            : LogOutput.ConsolePlain;
    }
}
