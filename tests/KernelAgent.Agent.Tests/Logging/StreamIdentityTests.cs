using KernelAgent.Journald;
using KernelAgent.Agent.Logging;

namespace KernelAgent.Agent.Tests.Logging;

public sealed class StreamIdentityTests
{
    [Fact]
    public void Parse_JournalStreamValue_GivesDeviceAndInode() =>
        Assert.Equal(new StreamIdentity(8, 4711), StreamIdentity.Parse("8:4711"));

    [Theory]
    [InlineData(null)]
    [InlineData("8;4711")]
    [InlineData("8:4711:1")]
    [InlineData(" 8:4711")]
    public void Parse_Malformed_IsNull(string? value) => Assert.Null(StreamIdentity.Parse(value));

    // Expected values from Python's os.makedev, which calls glibc's makedev.
    [Theory]
    [InlineData(8u, 1u, 2049ul)]
    [InlineData(259u, 0u, 66304ul)]
    [InlineData(0u, 23u, 23ul)]
    [InlineData(4096u, 256u, 17592187092992ul)]
    public void MakeDevice_MajorMinor_IsGlibcEncoding(uint major, uint minor, ulong expected) =>
        Assert.Equal(expected, StreamIdentity.MakeDevice(major, minor));

    [Fact]
    public async Task Of_OpenFile_MatchesStatDeviceAndInode()
    {
        var path = Path.GetTempFileName();
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read);
            var identity = StreamIdentity.Of((int)file.SafeFileHandle.DangerousGetHandle());

            // coreutils stat prints st_dev:st_ino, the same form systemd writes into JOURNAL_STREAM.
            var (_, expected, _) = await ExternalTool.RunAsync("stat", ["-c", "%d:%i", path], TestContext.Current.CancellationToken);
            Assert.Equal(expected.Trim(), identity.ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Of_ClosedDescriptor_IsNull() => Assert.Null(StreamIdentity.Of(int.MaxValue));
}
