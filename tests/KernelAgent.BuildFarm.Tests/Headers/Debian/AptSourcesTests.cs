using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Debian;

namespace KernelAgent.BuildFarm.Tests.Headers.Debian;

public sealed class AptSourcesTests
{
    [Fact]
    public void Compose_HostDeb822AndOneLineSources_KeepsBinaryEntriesForFarmArchitectures()
    {
        using var host = new ScratchDirectory("apt-host");
        var parts = Path.Join(host.Path, "etc", "apt", "sources.list.d");
        Directory.CreateDirectory(parts);
        File.WriteAllText(Path.Join(parts, "main.sources"), """
            Types: deb deb-src
            # a comment inside the stanza
            URIs: http://archive.invalid/debian
            Suites: bookworm bookworm-updates
            Components: main
            Architectures: amd64
            Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

            Types: deb-src
            URIs: http://archive.invalid/debian
            Suites: bookworm
            Components: main

            Types: deb
            URIs: http://archive.invalid/disabled
            Suites: bookworm
            Components: main
            Enabled: no
            """);
        File.WriteAllText(Path.Join(parts, "other.sources.disabled"), "Types: deb\nURIs: http://archive.invalid/ignored\nSuites: x\n");
        File.WriteAllText(Path.Join(host.Path, "etc", "apt", "sources.list"),
            "# comment\ndeb [arch=amd64 signed-by=/usr/share/keyrings/k.gpg] http://security.invalid/debian-security bookworm-security main contrib\ndeb-src http://security.invalid/debian-security bookworm-security main\n");

        var composed = AptSources.Compose(host.Path, [], ["amd64", "arm64"]);

        Assert.Equal("""
            Types: deb
            URIs: http://archive.invalid/debian
            Suites: bookworm bookworm-updates
            Components: main
            Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
            Architectures: amd64 arm64

            Types: deb
            URIs: http://security.invalid/debian-security
            Suites: bookworm-security
            Components: main contrib
            Signed-By: /usr/share/keyrings/k.gpg
            Architectures: amd64 arm64


            """, composed);
    }

    [Fact]
    public void Compose_ConfiguredStanzas_IgnoresHostConfiguration()
    {
        using var host = new ScratchDirectory("apt-host");

        var composed = AptSources.Compose(host.Path, ["Types: deb\nURIs: http://mirror.invalid/debian\nSuites: bookworm\nComponents: main\nArchitectures: i386"], ["amd64"]);

        Assert.Equal("Types: deb\nURIs: http://mirror.invalid/debian\nSuites: bookworm\nComponents: main\nArchitectures: amd64\n\n", composed);
    }

    [Fact]
    public void Compose_NoSourceAnywhere_ThrowsNamingWhereItLooked()
    {
        using var host = new ScratchDirectory("apt-host");

        var error = Assert.Throws<HeaderSourceException>(() => AptSources.Compose(host.Path, [], ["amd64"]));

        Assert.Contains(Path.Join(host.Path, "etc", "apt"), error.Message, StringComparison.Ordinal);
    }
}
