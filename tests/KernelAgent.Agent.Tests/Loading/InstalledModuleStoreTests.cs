using System.Text.Json;
using KernelAgent.Agent.Loading;

namespace KernelAgent.Agent.Tests.Loading;

public sealed class InstalledModuleStoreTests : IDisposable
{
    private readonly TempHostRoot _state = new();
    private readonly InstalledModuleStore _store;

    public InstalledModuleStoreTests()
    {
        _store = new InstalledModuleStore(_state.Path);
    }

    public void Dispose() => _state.Dispose();

    [Fact]
    public void Write_ThenRead_GivesTheSameRecord()
    {
        var record = Record("kagent_sample", "6.1.0-56-amd64");

        _store.Write(record);

        Assert.Equal(record, _store.Read("kagent_sample", "6.1.0-56-amd64"));
        Assert.Equal(["installed/6.1.0-56-amd64/kagent_sample.json"], _state.Files());
    }

    [Fact]
    public void Write_RecordFile_IsCamelCaseJsonForStatus()
    {
        _store.Write(Record("kagent_sample", "6.1.0-56-amd64"));

        using var json = JsonDocument.Parse(File.ReadAllText(_state.Join("installed/6.1.0-56-amd64/kagent_sample.json")));
        Assert.Equal(new string('b', 64), json.RootElement.GetProperty("attestationSha256").GetString());
        Assert.Equal("2026-11-23T18:00:00+00:00", json.RootElement.GetProperty("installedAt").GetString());
    }

    [Fact]
    public void Read_NoRecord_ReturnsNull()
    {
        Assert.Null(_store.Read("kagent_sample", "6.1.0-56-amd64"));
        Assert.Empty(_store.ReadAll());
    }

    [Fact]
    public void ReadAll_SeveralReleases_OrderedByReleaseThenName()
    {
        _store.Write(Record("zeta", "6.12.0-1-amd64"));
        _store.Write(Record("kagent_sample", "6.12.0-1-amd64"));
        _store.Write(Record("kagent_sample", "6.1.0-56-amd64"));

        var records = _store.ReadAll();

        Assert.Equal(
            ["6.1.0-56-amd64/kagent_sample", "6.12.0-1-amd64/kagent_sample", "6.12.0-1-amd64/zeta"],
            records.Select(r => $"{r.Release}/{r.Name}"));
    }

    [Fact]
    public void Read_DamagedRecord_ThrowsNamingTheFile()
    {
        var path = _state.WriteFile("installed/6.1.0-56-amd64/kagent_sample.json", "{\"name\": ");

        var error = Assert.Throws<ModuleInstallException>(() => _store.Read("kagent_sample", "6.1.0-56-amd64"));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RecordMissingAField_IsRefused()
    {
        _state.WriteFile("installed/6.1.0-56-amd64/kagent_sample.json", "{\"name\": \"kagent_sample\"}");

        Assert.Throws<ModuleInstallException>(() => _store.Read("kagent_sample", "6.1.0-56-amd64"));
    }

    [Fact]
    public void Write_Replace_LeavesNoTempFiles()
    {
        _store.Write(Record("kagent_sample", "6.1.0-56-amd64"));
        _store.Write(Record("kagent_sample", "6.1.0-56-amd64") with { VariantKey = new string('d', 64) });

        Assert.Equal(new string('d', 64), _store.Read("kagent_sample", "6.1.0-56-amd64")?.VariantKey);
        Assert.Single(_state.Files());
    }

    [Fact]
    public void Read_ReleaseThatWouldEscape_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => _store.Read("kagent_sample", ".."));
    }

    private static InstalledModuleRecord Record(string name, string release) => new(
        name, release, new string('a', 64), new string('b', 64), new string('c', 64),
        $"/lib/modules/{release}/extra/{name}.ko", new DateTimeOffset(2026, 11, 23, 18, 0, 0, TimeSpan.Zero));
}
