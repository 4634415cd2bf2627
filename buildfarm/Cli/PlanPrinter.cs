using System.Text.Json;
using KernelAgent.BuildFarm.Matrix;
using KernelAgent.BuildFarm.Matrix.Planning;

namespace KernelAgent.BuildFarm.Cli;

/// <summary>Prints a plan for people (counts, then one line per entry) or as JSON for tools.</summary>
internal static class PlanPrinter
{
    // Entries are stored by id; people read them by distro, version, arch and release.
    private static readonly Comparer<MatrixEntry> _forPeople = Comparer<MatrixEntry>.Create(static (a, b) =>
        string.CompareOrdinal(
            $"{a.Kernel.DistroId} {a.Kernel.DistroVersionId} {a.Kernel.Arch} {a.Kernel.KernelRelease} {a.Kernel.KernelVersion} {a.Driver.Name}",
            $"{b.Kernel.DistroId} {b.Kernel.DistroVersionId} {b.Kernel.Arch} {b.Kernel.KernelRelease} {b.Kernel.KernelVersion} {b.Driver.Name}"));

    public static void WriteText(TextWriter output, MatrixPlan plan, bool listEntries)
    {
        output.WriteLine(plan.Previous is null
            ? $"plan for policy '{plan.Policy.Name}': no snapshot yet, everything is new"
            : $"plan for policy '{plan.Policy.Name}' against snapshot {plan.Previous.Id} ({plan.PreviousEntries} entries)"
              + (plan.Previous.PolicyDigest == plan.Policy.Digest ? "" : ", policy changed"));
        output.WriteLine(
            $"  added {plan.Added.Count}, changed {plan.Changed.Count}, retired {plan.Retired.Count}, unchanged {plan.UnchangedCount}, " +
            $"unresolved {plan.Unresolved.Count} (matrix: {plan.Entries.Count} entries)");
        if (listEntries)
        {
            foreach (var added in plan.Added.OrderBy(a => a.Entry, _forPeople))
            {
                output.WriteLine($"+ {added.Entry} [{string.Join(", ", ReasonText.Of(added.Reasons))}]");
            }

            foreach (var changed in plan.Changed.OrderBy(c => c.Entry, _forPeople))
            {
                output.WriteLine($"~ {changed.Entry} [{string.Join(", ", ReasonText.Of(changed.Reasons))}]");
            }

            foreach (var retired in plan.Retired.OrderBy(r => r.Entry, _forPeople))
            {
                output.WriteLine($"- {retired.Entry} [{ReasonText.Of(retired.Reason)}]");
            }

            foreach (var kernel in plan.Unresolved)
            {
                output.WriteLine($"? {kernel} [build string unknown: {kernel.BuildStringSource ?? "not readable from its repository"}]");
            }
        }

        foreach (var warning in plan.Warnings)
        {
            output.WriteLine($"! {warning}");
        }
    }

    public static void WriteJson(Stream output, MatrixPlan plan)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = MatrixJson.Encoder, Indented = true });
        json.WriteStartObject();
        json.WriteString("policy", plan.Policy.Name);
        json.WriteString("policyDigest", plan.Policy.Digest);
        json.WriteString("previousSnapshot", plan.Previous?.Id);
        json.WriteStartObject("counts");
        json.WriteNumber("added", plan.Added.Count);
        json.WriteNumber("changed", plan.Changed.Count);
        json.WriteNumber("retired", plan.Retired.Count);
        json.WriteNumber("unchanged", plan.UnchangedCount);
        json.WriteNumber("unresolved", plan.Unresolved.Count);
        json.WriteNumber("entries", plan.Entries.Count);
        json.WriteEndObject();
        WriteChanges(json, "added", plan.Added);
        WriteChanges(json, "changed", plan.Changed);
        json.WriteStartArray("retired");
        foreach (var retired in plan.Retired)
        {
            WriteEntry(json, retired.Entry, [ReasonText.Of(retired.Reason)]);
        }

        json.WriteEndArray();
        json.WriteStartArray("unresolved");
        foreach (var kernel in plan.Unresolved)
        {
            json.WriteStringValue(kernel.ToString());
        }

        json.WriteEndArray();
        json.WriteStartArray("warnings");
        foreach (var warning in plan.Warnings)
        {
            json.WriteStringValue(warning);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        output.Write("\n"u8);
    }

    private static void WriteChanges(Utf8JsonWriter json, string name, IReadOnlyList<PlannedChange> changes)
    {
        json.WriteStartArray(name);
        foreach (var change in changes)
        {
            WriteEntry(json, change.Entry, ReasonText.Of(change.Reasons));
        }

        json.WriteEndArray();
    }

    private static void WriteEntry(Utf8JsonWriter json, MatrixEntry entry, IReadOnlyList<string> reasons)
    {
        json.WriteStartObject();
        json.WriteString("entryId", entry.Id);
        json.WriteString("distroId", entry.Kernel.DistroId);
        json.WriteString("distroVersionId", entry.Kernel.DistroVersionId);
        json.WriteString("arch", entry.Kernel.Arch);
        json.WriteString("kernelRelease", entry.Kernel.KernelRelease);
        json.WriteString("kernelVersion", entry.Kernel.KernelVersion);
        json.WriteString("driverName", entry.Driver.Name);
        json.WriteString("driverVersion", entry.Driver.Version);
        json.WriteString("variantKey", entry.VariantKey);
        json.WriteString("buildKey", entry.BuildKey);
        json.WriteString("source", entry.Source == EntrySource.Demand ? "demand" : "policy");
        json.WriteStartArray("reasons");
        foreach (var reason in reasons)
        {
            json.WriteStringValue(reason);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
