using System.Text.Json;
using KernelAgent.Store.Backends;
using KernelAgent.Store.Layout;

namespace KernelAgent.BuildFarm.Matrix.Apply;

/// <summary>Audit records under v1/audit/&lt;policy&gt;/&lt;run&gt;/: one per entry and run, each written once.</summary>
internal sealed class AuditLog(IArtifactStore store)
{
    private static readonly AuditJsonContext _json = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static string RunPrefix(string policyName, string runId) => $"{StoreLayout.AuditPrefix}{policyName}/{runId}/";

    /// <exception cref="StoreException">The store failed, or (Conflict) the record exists.</exception>
    public Task WriteAsync(AuditRecord record, CancellationToken cancellationToken) =>
        store.WriteAsync(
            RunPrefix(record.Policy, record.Run) + record.EntryId + ".json",
            JsonSerializer.SerializeToUtf8Bytes(record, _json.AuditRecord),
            WriteMode.CreateNew,
            cancellationToken);

    /// <summary>Reads one run's records (for reports and tests).</summary>
    public async Task<IReadOnlyList<AuditRecord>> ReadRunAsync(string policyName, string runId, CancellationToken cancellationToken)
    {
        var records = new List<AuditRecord>();
        await foreach (var key in store.ListAsync(RunPrefix(policyName, runId), cancellationToken))
        {
            var bytes = await store.ReadAsync(key, cancellationToken);
            try
            {
                records.Add(JsonSerializer.Deserialize(bytes, _json.AuditRecord)
                    ?? throw new MatrixDocumentException($"{store.Location} {key} is not an audit record."));
            }
            catch (JsonException e)
            {
                throw new MatrixDocumentException($"{store.Location} {key} is not a valid audit record: {e.Message}", e);
            }
        }

        return records;
    }
}
