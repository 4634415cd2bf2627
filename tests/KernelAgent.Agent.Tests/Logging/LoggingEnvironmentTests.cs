using KernelAgent.Journald;
using System.Net.Sockets;
using KernelAgent.Agent.Logging;

namespace KernelAgent.Agent.Tests.Logging;

public sealed class LoggingEnvironmentTests
{
    private static readonly StreamIdentity s_journalStream = new(8, 12345);
    private static readonly StreamIdentity s_terminal = new(24, 3);

    [Fact]
    public void ChooseTarget_StderrConnectedToJournalAndSocketExists_IsJournal() =>
        Assert.Equal(LogOutput.Journal, Environment("8:12345", "abc", s_terminal, s_journalStream, true).ChooseTarget());

    [Fact]
    public void ChooseTarget_StdoutConnectedToJournalAndSocketExists_IsJournal() =>
        Assert.Equal(LogOutput.Journal, Environment("8:12345", null, s_journalStream, s_terminal, true).ChooseTarget());

    [Fact]
    public void ChooseTarget_ConnectedToJournalButNoSocket_IsPrefixedConsole() =>
        Assert.Equal(
            LogOutput.ConsoleWithPriorityPrefix,
            Environment("8:12345", "abc", s_journalStream, s_journalStream, false).ChooseTarget());

    [Fact]
    public void ChooseTarget_InheritedJournalStreamNotOurs_UnderSystemd_IsPrefixedConsole() =>
        Assert.Equal(
            LogOutput.ConsoleWithPriorityPrefix,
            Environment("8:99999", "abc", s_terminal, s_terminal, true).ChooseTarget());

    [Fact]
    public void ChooseTarget_InheritedJournalStreamNotOurs_NotUnderSystemd_IsPlainConsole() =>
        Assert.Equal(LogOutput.ConsolePlain, Environment("8:99999", null, s_terminal, s_terminal, true).ChooseTarget());

    [Fact]
    public void ChooseTarget_Terminal_IsPlainConsole() =>
        Assert.Equal(LogOutput.ConsolePlain, Environment(null, null, s_terminal, s_terminal, true).ChooseTarget());

    [Theory]
    [InlineData("")]
    [InlineData("8")]
    [InlineData(":12345")]
    [InlineData("8:")]
    [InlineData("x:1")]
    [InlineData("-8:12345")]
    public void ChooseTarget_MalformedJournalStream_IsNotTheJournal(string journalStream) =>
        Assert.Equal(LogOutput.ConsolePlain, Environment(journalStream, null, s_journalStream, s_journalStream, true).ChooseTarget());

    [Fact]
    public void Probe_JournalSocketPath_SeesASocketAndItsAbsence()
    {
        var directory = Directory.CreateTempSubdirectory("ka-probe-").FullName;
        try
        {
            var socketPath = Path.Combine(directory, "socket");
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.Bind(new UnixDomainSocketEndPoint(socketPath));

            Assert.True(LoggingEnvironment.Probe(socketPath).JournalSocketExists);
            Assert.False(LoggingEnvironment.Probe(Path.Combine(directory, "missing")).JournalSocketExists);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static LoggingEnvironment Environment(
        string? journalStream, string? invocationId, StreamIdentity? stdout, StreamIdentity? stderr, bool socketExists) =>
        new(journalStream, invocationId, stdout, stderr, socketExists);
}
