using KernelAgent.Agent.Tests.TestSupport;
using System.Collections.Concurrent;
using System.Net;
using KernelAgent.BuildFarm.Tests.Hosting;

namespace KernelAgent.BuildFarm.Tests.Headers;

/// <summary>
/// Serves a folder over plain HTTP on 127.0.0.1 (404 for anything not in it), as an archive mirror would, and
/// counts the requests per path so tests can tell a download from a cache hit.
/// </summary>
internal sealed class LocalHttpRepository : IDisposable
{
    private readonly HttpListener _listener;
    private readonly string _folder;
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);
    private readonly Task _serving;

    public LocalHttpRepository(string folder)
    {
        _folder = Path.GetFullPath(folder);
        (_listener, BaseUri) = LoopbackPorts.StartHttpListener(port => new Uri($"http://127.0.0.1:{port}/"));
        _serving = Task.Run(ServeAsync);
    }

    public Uri BaseUri { get; }

    /// <summary>Requests so far whose path ends with <paramref name="suffix"/> (e.g. ".deb").</summary>
    public int Requests(string suffix) => _requests.Where(r => r.Key.EndsWith(suffix, StringComparison.Ordinal)).Sum(r => r.Value);

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(5));
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var path = Uri.UnescapeDataString(context.Request.Url!.AbsolutePath);
            _requests.AddOrUpdate(path, 1, (_, n) => n + 1);
            var file = Path.GetFullPath(Path.Join(_folder, path));
            using var response = context.Response;
            if (!file.StartsWith(_folder + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(file))
            {
                response.StatusCode = (int)HttpStatusCode.NotFound;
                continue;
            }

            var bytes = await File.ReadAllBytesAsync(file);
            response.ContentLength64 = bytes.Length;
            await response.OutputStream.WriteAsync(bytes);
        }
    }
}
