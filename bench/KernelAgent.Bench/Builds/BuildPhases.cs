using KernelAgent.Protocol.V1;

namespace KernelAgent.Bench.Builds;

/// <summary>
/// A build's phases from its event timestamps: the farm stamps each event when it happens, so the gaps between the
/// first event of each state are the phases. kbuild's last log line marks the end of the compile; what follows until
/// signing is the builder removing its build folder (the module's; the headers root is kept for the next build).
/// </summary>
internal sealed record BuildPhases(
    TimeSpan ResolveHeaders, TimeSpan Download, TimeSpan Extract, TimeSpan Compile, TimeSpan Cleanup, TimeSpan Sign, TimeSpan Publish, TimeSpan Total,
    int PackagesDownloaded)
{
    public static IReadOnlyList<string> Names { get; } =
    [
        "copy source + resolve header packages", "download (or verify cached) .debs", "extract headers (or find the kept root)",
        "compile (kbuild, to its last log line)", "remove the build folder", "sign attestation", "publish to store", "total",
    ];

    public IReadOnlyList<TimeSpan> Values => [ResolveHeaders, Download, Extract, Compile, Cleanup, Sign, Publish, Total];

    public static BuildPhases From(IReadOnlyList<BuildEvent> events)
    {
        DateTimeOffset First(BuildState state) => events.First(e => e.State == state).Time.ToDateTimeOffset();
        var fetches = events.Where(e => e.DetailCase == BuildEvent.DetailOneofCase.FetchingHeaders).ToList();
        var queued = First(BuildState.Queued);
        var firstFetch = fetches[0].Time.ToDateTimeOffset();
        var lastFetch = fetches[^1].Time.ToDateTimeOffset();
        var compiling = events.First(e => e.DetailCase == BuildEvent.DetailOneofCase.Compiling).Time.ToDateTimeOffset();
        var compiled = events.Last(e => e.DetailCase == BuildEvent.DetailOneofCase.Log).Time.ToDateTimeOffset();
        var signing = First(BuildState.Signing);
        var publishing = First(BuildState.Publishing);
        var succeeded = First(BuildState.Succeeded);
        return new BuildPhases(
            firstFetch - queued, lastFetch - firstFetch, compiling - lastFetch, compiled - compiling, signing - compiled, publishing - signing, succeeded - publishing, succeeded - queued,
            fetches.Count(f => !f.FetchingHeaders.FromCache && f.FetchingHeaders.BytesDone == f.FetchingHeaders.BytesTotal));
    }
}
