using System.Runtime.CompilerServices;
using System.Text;
using Google.Protobuf;
using KernelAgent.BuildFarm.Builds;
using KernelAgent.Protocol.V1;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using NATS.Client.KeyValueStore;

namespace KernelAgent.BuildFarm.ScaleOut;

/// <summary>The scale-out on a real NATS JetStream (NATS.Net).</summary>
internal sealed class JetStreamBus : IBuildBus, IAsyncDisposable
{
    public const string JobHeader = "Kagent-Job";

    private readonly NatsOptions _options;
    private readonly BuildCoordinatorOptions _builds;
    private readonly NatsConnection _connection;
    private readonly NatsJSContext _js;
    private readonly SemaphoreSlim _ensure = new(1, 1);
    private INatsKVStore? _bucket;
    private INatsJSConsumer? _workers;

    public JetStreamBus(IOptions<NatsOptions> options, IOptions<BuildCoordinatorOptions> builds)
    {
        _options = options.Value;
        _builds = builds.Value;
        var opts = NatsOpts.Default with { Url = _options.Url!, Name = "kernel-buildfarm" };
        if (!string.IsNullOrEmpty(_options.CredentialsFile))
        {
            opts = opts with { AuthOpts = NatsAuthOpts.Default with { CredsFile = _options.CredentialsFile } };
        }

        _connection = new NatsConnection(opts);
        _js = new NatsJSContext(_connection);
    }

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        await _ensure.WaitAsync(cancellationToken);
        try
        {
            if (_bucket is not null)
            {
                return;
            }

            await Sdk("creating the jobs stream", () => _js.CreateOrUpdateStreamAsync(new StreamConfig(_options.JobsStream, [_options.JobsSubject])
            {
                Retention = StreamConfigRetention.Workqueue,
                MaxMsgs = _builds.QueueLimit,
                Discard = StreamConfigDiscard.New,
                Storage = StreamConfigStorage.File,
                NumReplicas = _options.Replicas,
            }, cancellationToken).AsTask());
            await Sdk("creating the events stream", () => _js.CreateOrUpdateStreamAsync(new StreamConfig(_options.EventsStream, [_options.SubjectPrefix + ".events.>"])
            {
                MaxAge = _options.EventRetention,
                Storage = StreamConfigStorage.File,
                NumReplicas = _options.Replicas,
            }, cancellationToken).AsTask());
            // One more delivery than MaxDeliver: the worker that receives it ends the build FAILED with the reason.
            _workers = await Sdk("creating the workers' consumer", () => _js.CreateOrUpdateConsumerAsync(_options.JobsStream, new ConsumerConfig(_options.WorkersConsumer)
            {
                AckPolicy = ConsumerConfigAckPolicy.Explicit,
                AckWait = _options.AckWait,
                MaxDeliver = _options.MaxDeliver + 1,
            }, cancellationToken).AsTask());
            // A claim nobody releases (its replica died between claiming and queueing) goes when the longest build could.
            var longest = (_builds.BuildTimeout + _options.AckWait) * (_options.MaxDeliver + 1);
            _bucket = await Sdk("creating the builds bucket", () => new NatsKVContext(_js).CreateOrUpdateStoreAsync(new NatsKVConfig(_options.BuildsBucket)
            {
                History = 1,
                MaxAge = longest > _builds.FailureMemory ? longest : _builds.FailureMemory,
                Storage = NatsKVStorageType.File,
                NumberOfReplicas = _options.Replicas,
            }, cancellationToken).AsTask());
        }
        finally
        {
            _ensure.Release();
        }
    }

    public async Task<(bool Created, BuildClaim? Holder, ulong Revision)> ClaimAsync(string variantKey, BuildClaim claim, CancellationToken cancellationToken)
    {
        var bucket = await BucketAsync(cancellationToken);
        try
        {
            var revision = await bucket.CreateAsync(variantKey, ScaleOutMessages.Write(claim), cancellationToken: cancellationToken);
            return (true, null, revision);
        }
        catch (NatsKVCreateException)
        {
            var holder = await FindClaimAsync(variantKey, cancellationToken);
            return (false, holder?.Claim, holder?.Revision ?? 0);
        }
        catch (Exception e) when (e is NatsException or ObjectDisposedException)
        {
            throw new ScaleOutException($"claiming variant {variantKey} failed: {e.Message}", e);
        }
    }

    public async Task<(BuildClaim Claim, ulong Revision)?> FindClaimAsync(string variantKey, CancellationToken cancellationToken)
    {
        var bucket = await BucketAsync(cancellationToken);
        try
        {
            var entry = await bucket.GetEntryAsync<byte[]>(variantKey, cancellationToken: cancellationToken);
            // A value that is not a claim holds the variant as much as a claim would; a build key nobody matches shows it.
            var claim = entry.Value is { } value ? ScaleOutMessages.ReadClaim(value) : null;
            return (claim ?? new BuildClaim("unreadable", null, false, null), entry.Revision);
        }
        catch (Exception e) when (e is NatsKVKeyNotFoundException or NatsKVKeyDeletedException)
        {
            return null;
        }
        catch (Exception e) when (e is NatsException or ObjectDisposedException)
        {
            throw new ScaleOutException($"reading the claim of variant {variantKey} failed: {e.Message}", e);
        }
    }

    public async Task<bool> RememberFailureAsync(string variantKey, BuildClaim failed, CancellationToken cancellationToken)
    {
        if (await FindClaimAsync(variantKey, cancellationToken) is not { } held || held.Claim.BuildId != failed.BuildId)
        {
            return false;
        }

        try
        {
            await (await BucketAsync(cancellationToken)).UpdateAsync(variantKey, ScaleOutMessages.Write(failed), held.Revision, cancellationToken: cancellationToken);
            return true;
        }
        catch (NatsKVWrongLastRevisionException)
        {
            return false;
        }
        catch (Exception e) when (e is NatsException or ObjectDisposedException)
        {
            throw new ScaleOutException($"remembering the failure of variant {variantKey} failed: {e.Message}", e);
        }
    }

    public async Task ReleaseAsync(string variantKey, string buildId, ulong? revision, CancellationToken cancellationToken)
    {
        var held = await FindClaimAsync(variantKey, cancellationToken);
        if (held is not { } h || (revision is null ? h.Claim.BuildId != buildId : h.Revision != revision))
        {
            return;
        }

        try
        {
            await (await BucketAsync(cancellationToken)).DeleteAsync(variantKey, new NatsKVDeleteOpts { Revision = h.Revision }, cancellationToken);
        }
        catch (NatsKVWrongLastRevisionException)
        {
            // Someone else changed it first: it is no longer this build's to release.
        }
        catch (Exception e) when (e is NatsException or ObjectDisposedException)
        {
            throw new ScaleOutException($"releasing variant {variantKey} failed: {e.Message}", e);
        }
    }

    public async Task EnqueueAsync(BuildJobMessage job, CancellationToken cancellationToken)
    {
        await BucketAsync(cancellationToken);
        PubAckResponse ack;
        try
        {
            ack = await _js.PublishAsync(_options.JobsSubject, Encoding.UTF8.GetBytes(ScaleOutMessages.Write(job)), cancellationToken: cancellationToken);
        }
        catch (NatsJSApiException e) when (e.Error.ErrCode == 10077)
        {
            // JSStreamStoreFailedF: the stream refuses new messages beyond MaxMsgs (discard new).
            throw new BuildQueueFullException(_builds.QueueLimit, _builds.RetryAfterWhenFull);
        }
        catch (Exception e) when (e is NatsException or ObjectDisposedException)
        {
            throw new ScaleOutException($"queueing build {job.BuildId} failed: {e.Message}", e);
        }

        if (ack.Error is { } error)
        {
            throw error.Description?.Contains("maximum messages", StringComparison.OrdinalIgnoreCase) == true
                ? new BuildQueueFullException(_builds.QueueLimit, _builds.RetryAfterWhenFull)
                : new ScaleOutException($"queueing build {job.BuildId} was refused: {error.Description}");
        }
    }

    public async Task PublishAsync(BuildEvent buildEvent, BuildJobMessage job, CancellationToken cancellationToken)
    {
        await BucketAsync(cancellationToken);
        var headers = new NatsHeaders { [JobHeader] = ScaleOutMessages.Write(job) };
        try
        {
            var ack = await _js.PublishAsync(_options.EventsSubject(job.BuildId), buildEvent.ToByteArray(), headers: headers, cancellationToken: cancellationToken);
            ack.EnsureSuccess();
        }
        catch (Exception e) when (e is NatsException or ObjectDisposedException)
        {
            throw new ScaleOutException($"publishing an event of build {job.BuildId} failed: {e.Message}", e);
        }
    }

    public async IAsyncEnumerable<(BuildEvent? Event, string? Job)> EventsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await BucketAsync(cancellationToken);
        var consumer = await Sdk("following the events stream", () => _js.CreateOrderedConsumerAsync(_options.EventsStream, cancellationToken: cancellationToken).AsTask());
        await using var messages = consumer.ConsumeAsync<byte[]>(cancellationToken: cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (await Sdk("following the events stream", async () => await messages.MoveNextAsync()))
        {
            var msg = messages.Current;
            string? job = msg.Headers is { } h && h.TryGetValue(JobHeader, out var value) ? value.ToString() : null;
            yield return (msg.Data is { } data ? ScaleOutMessages.ReadEvent(data) : null, job);
        }
    }

    public async Task<IBusJob?> NextJobAsync(CancellationToken cancellationToken)
    {
        await BucketAsync(cancellationToken);
        try
        {
            var msg = await _workers!.NextAsync<byte[]>(opts: new NatsJSNextOpts { Expires = TimeSpan.FromSeconds(5) }, cancellationToken: cancellationToken);
            return msg is { } m ? new Delivery(m) : null;
        }
        catch (Exception e) when (e is NatsException or ObjectDisposedException)
        {
            throw new ScaleOutException($"taking a job failed: {e.Message}", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        _ensure.Dispose();
    }

    private async Task<INatsKVStore> BucketAsync(CancellationToken cancellationToken)
    {
        if (_bucket is null)
        {
            await EnsureAsync(cancellationToken);
        }

        return _bucket!;
    }

    private static async Task<T> Sdk<T>(string what, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (e is NatsException or ObjectDisposedException)
        {
            throw new ScaleOutException($"{what} failed: {e.Message}", e);
        }
    }

    private sealed class Delivery(INatsJSMsg<byte[]> msg) : IBusJob
    {
        public string? Text => msg.Data is { } data ? Encoding.UTF8.GetString(data) : null;

        public ulong Deliveries => msg.Metadata?.NumDelivered ?? 1;

        public Task InProgressAsync(CancellationToken cancellationToken) => Ack(() => msg.AckProgressAsync(cancellationToken: cancellationToken));

        public Task AckAsync(CancellationToken cancellationToken) => Ack(() => msg.AckAsync(cancellationToken: cancellationToken));

        public Task NakAsync(CancellationToken cancellationToken) => Ack(() => msg.NakAsync(cancellationToken: cancellationToken));

        private static async Task Ack(Func<ValueTask> call)
        {
            try
            {
                await call();
            }
            catch (Exception e) when (e is NatsException or ObjectDisposedException)
            {
                throw new ScaleOutException($"acknowledging a job failed: {e.Message}", e);
            }
        }
    }
}
