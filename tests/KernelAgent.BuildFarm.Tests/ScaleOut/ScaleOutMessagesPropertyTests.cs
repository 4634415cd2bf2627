using System.Text;
using CsCheck;
using Google.Protobuf;
using KernelAgent.BuildFarm.ScaleOut;
using KernelAgent.Protocol.V1;
using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Tests.ScaleOut;

/// <summary>What other processes put on NATS, mutated at random: a refusal (null) or a valid value, never an exception.</summary>
public sealed class ScaleOutMessagesPropertyTests(ITestOutputHelper output)
{
    private static readonly ArtifactVariant Variant = ArtifactVariant.Create(
        ProtocolMapping.FromProto(Builds.TestVariants.Debian()), ProtocolMapping.FromProto(Builds.TestVariants.Sample));

    [Fact]
    public void ReadJob_MutatedJobs_RefuseOrYieldAValidJob()
    {
        var job = new BuildJobMessage("b-20261207-120000-0a1b2c3d", Variant.CanonicalForm, "host-1", null, false, DateTimeOffset.UnixEpoch);
        var document = Encoding.UTF8.GetBytes(ScaleOutMessages.Write(job));
        PropertyCases.Check(PropertyCases.Mutated(document), bytes =>
        {
            var (read, variant, refusal) = ScaleOutMessages.ReadJob(Encoding.UTF8.GetString(bytes));
            if (read is null)
            {
                Assert.False(string.IsNullOrEmpty(refusal));
                return;
            }

            Assert.NotNull(variant);
            Assert.Equal(variant.CanonicalForm, ArtifactVariant.Parse(read.Variant).CanonicalForm);
            Assert.Matches("^[A-Za-z0-9_-]+$", read.BuildId);
        }, output, "ScaleOutMessages.ReadJob");
    }

    [Fact]
    public void ReadJob_TheJobWritten_ReadsBackTheSame()
    {
        var job = new BuildJobMessage("b-1", Variant.CanonicalForm, "host-1", "key", true, DateTimeOffset.UnixEpoch);

        var (read, variant, refusal) = ScaleOutMessages.ReadJob(ScaleOutMessages.Write(job));

        Assert.Null(refusal);
        Assert.Equal(job, read);
        Assert.Equal(Variant, variant);
    }

    [Fact]
    public void ReadClaimAndFailure_MutatedClaims_RefuseOrYieldAClaim()
    {
        var failed = new BuildEvent { BuildId = "b-1", State = BuildState.Failed, Failed = new BuildFailure { Reason = FailureReason.Internal, Message = "x" } };
        var claim = new BuildClaim("b-1", null, false, new string('a', 64), Convert.ToBase64String(failed.ToByteArray()), DateTimeOffset.UnixEpoch);
        Assert.Equal(failed, ScaleOutMessages.ReadFailure(ScaleOutMessages.ReadClaim(ScaleOutMessages.Write(claim))!));
        PropertyCases.Check(PropertyCases.Mutated(ScaleOutMessages.Write(claim)), bytes =>
        {
            if (ScaleOutMessages.ReadClaim(bytes) is { } read)
            {
                Assert.False(string.IsNullOrEmpty(read.BuildId));
                Assert.True(ScaleOutMessages.ReadFailure(read) is null or { State: BuildState.Failed });
            }
        }, output, "ScaleOutMessages.ReadClaim");
    }

    [Fact]
    public void ReadEvent_MutatedEvents_RefuseOrYieldAnEventWithIdAndState()
    {
        var e = new BuildEvent { BuildId = "b-1", Sequence = 3, State = BuildState.Compiling, Compiling = new BuildEvent.Types.Compiling { Compiler = "gcc" } };
        PropertyCases.Check(PropertyCases.Mutated(e.ToByteArray()), bytes =>
        {
            if (ScaleOutMessages.ReadEvent(bytes) is { } read)
            {
                Assert.False(string.IsNullOrEmpty(read.BuildId));
                Assert.NotEqual(BuildState.Unspecified, read.State);
            }
        }, output, "ScaleOutMessages.ReadEvent");
    }
}
