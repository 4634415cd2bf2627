using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KernelAgent.Agent.Tests.Resolution;

/// <summary>A real gRPC server (Kestrel, HTTP/2 on 127.0.0.1, a free port) serving a <see cref="ScriptedBuildFarm"/>.</summary>
internal sealed class InProcessFarm : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessFarm(WebApplication app, ScriptedBuildFarm script)
    {
        _app = app;
        Script = script;
        Address = app.Urls.Single();
    }

    public ScriptedBuildFarm Script { get; }

    /// <summary>The farm's URL, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public string Address { get; }

    public static async Task<InProcessFarm> StartAsync()
    {
        var script = new ScriptedBuildFarm();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(script);
        var app = builder.Build();
        app.MapGrpcService<ScriptedBuildFarm>();
        await app.StartAsync();
        return new InProcessFarm(app, script);
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(stopping.Token);
        await _app.DisposeAsync();
    }
}
