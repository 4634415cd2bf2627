using System.CommandLine;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using KernelAgent.Bench.Builds;
using KernelAgent.Bench.Dkms;
using KernelAgent.Bench.Farm;
using KernelAgent.Bench.Matrix;
using KernelAgent.Bench.Resolve;
using KernelAgent.Bench.Serving;

var machine = new Option<string>("--arch") { Description = "uname -m of the kernel: x86_64 or aarch64.", DefaultValueFactory = _ => "x86_64" };
var release = new Option<string?>("--release") { Description = "uname -r. Default 6.1.0-56-amd64 (or -arm64 for aarch64)." };
var buildString = new Option<string>("--build-string")
{
    Description = "uname -v: names the exact Debian build.",
    DefaultValueFactory = _ => "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)",
};
BenchKernel Kernel(ParseResult p)
{
    var arch = p.GetValue(machine)!;
    return new BenchKernel(arch, p.GetValue(release) ?? (arch == "aarch64" ? "6.1.0-56-arm64" : "6.1.0-56-amd64"), p.GetValue(buildString)!);
}

var seconds = new Option<int>("--seconds") { Description = "Measured window per concurrency level.", DefaultValueFactory = _ => 5 };
var concurrency = new Option<int[]>("--concurrency") { Description = "Concurrent callers, one level per value.", DefaultValueFactory = _ => [1, 64, 1024], AllowMultipleArgumentsPerToken = true };
var resolve = new Command("resolve", "Resolve on a hit against an in-process farm over HTTP/2 loopback: requests/s and p50/p99 latency.") { machine, release, buildString, seconds, concurrency };
resolve.SetAction((p, token) => ResolveBenchmark.RunAsync(Kernel(p), p.GetValue(concurrency)!, TimeSpan.FromSeconds(p.GetValue(seconds)), token));

var phases = new Command("build-phases", "One real build cold (empty headers cache and apt root) and warm, phase by phase.") { machine, release, buildString };
phases.SetAction((p, token) => BuildPhasesBenchmark.RunAsync(Kernel(p), token));

var coldMiss = new Command("cold-miss", "A cold miss (headers never fetched) request to published, with stale, fresh and no package lists.") { machine, release, buildString };
coldMiss.SetAction((p, token) => ColdMissBenchmark.RunAsync(Kernel(p), token));

var runs = new Option<int>("--runs") { Description = "Builds of each kind; the median is reported.", DefaultValueFactory = _ => 5 };
var dkms = new Command("dkms", "The farm's warm build against Debian's dkms build of the same driver for the same kernel.") { machine, release, buildString, runs };
dkms.SetAction((p, token) => DkmsBenchmark.RunAsync(Kernel(p), p.GetValue(runs), token));

var storeResolve = new Command("store-resolve", "BenchmarkDotNet (in process): a Resolve hit below gRPC, on a directory store.");
storeResolve.SetAction(_ => BenchmarkRunner.Run<StoreResolveBenchmarks>(
    DefaultConfig.Instance
        .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
        .WithArtifactsPath(Path.Join(Path.GetTempPath(), "kernelagent-benchmarkdotnet"))).HasCriticalValidationErrors ? 1 : 0);

var rounds = new Option<int>("--rounds") { Description = "Alternating rounds of each side per level; the mean is reported.", DefaultValueFactory = _ => 2 };
var resolveVsHealth = new Command("resolve-vs-health", "Resolve hits against grpc.health.v1 Check on the same farm, grpc-js client: calls/s side by side with the ratio.")
{
    machine, release, buildString, seconds, concurrency, rounds,
};
resolveVsHealth.SetAction((p, token) => ResolveVsHealthBenchmark.RunAsync(Kernel(p), p.GetValue(concurrency)!, p.GetValue(seconds), p.GetValue(rounds), token));

var callers = new Option<int>("--callers") { Description = "Build calls at once for the one new variant.", DefaultValueFactory = _ => 10_000 };
var connections = new Option<int[]>("--connections") { Description = "Connections the herd is spread over, one run per value.", DefaultValueFactory = _ => [1, 100], AllowMultipleArgumentsPerToken = true };
var clientProcesses = new Option<int[]>("--client-processes")
{
    Description = "Client processes the herd's callers and connections are split over (each has at least one connection), one run per value.",
    DefaultValueFactory = _ => [1, 4],
    AllowMultipleArgumentsPerToken = true,
};
var herd = new Command("herd", "A herd of Build calls for one new variant, grpc-js client: each caller's wait minus the build's time, against the build alone.")
{
    machine, release, buildString, callers, connections, clientProcesses,
};
herd.SetAction((p, token) => HerdBenchmark.RunAsync(Kernel(p), p.GetValue(callers), p.GetValue(connections)!, p.GetValue(clientProcesses)!, token));

var root = new RootCommand("KernelAgent benchmarks: print figures for docs/benchmarks.md.") { resolve, phases, coldMiss, dkms, storeResolve, resolveVsHealth, herd, PlanBenchmarkCommand.Create() };
return await root.Parse(args).InvokeAsync();
