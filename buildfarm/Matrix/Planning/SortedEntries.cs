namespace KernelAgent.BuildFarm.Matrix.Planning;

/// <summary>
/// Finds entries by id. The planner's entries are sorted by id and a snapshot is written in id order too, so a
/// lookup mostly moves a cursor forward, with a binary search for anything out of order: no 100k-entry hash table
/// to build. Lists that are not strictly sorted (a repeated id) get the table, the last of equal ids winning.
/// </summary>
internal sealed class SortedEntries
{
    private readonly IReadOnlyList<MatrixEntry> _entries;
    private readonly Dictionary<Sha256Digest, int>? _unsorted;
    private int _next;

    public SortedEntries(IReadOnlyList<MatrixEntry> entries)
    {
        _entries = entries;
        for (var i = 1; i < entries.Count; i++)
        {
            if (entries[i - 1].Id >= entries[i].Id)
            {
                _unsorted = new Dictionary<Sha256Digest, int>(entries.Count);
                for (var j = 0; j < entries.Count; j++)
                {
                    _unsorted[entries[j].Id] = j;
                }

                break;
            }
        }
    }

    public int Count => _entries.Count;

    public MatrixEntry this[int index] => _entries[index];

    /// <summary>The index of the entry with <paramref name="id"/>, or -1.</summary>
    public int IndexOf(Sha256Digest id)
    {
        if (_unsorted is not null)
        {
            return _unsorted.TryGetValue(id, out var index) ? index : -1;
        }

        while (_next < _entries.Count && _entries[_next].Id < id)
        {
            _next++;
        }

        if (_next < _entries.Count && _entries[_next].Id == id)
        {
            return _next++;
        }

        var (low, high) = (0, _entries.Count - 1);
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var order = _entries[middle].Id.CompareTo(id);
            if (order == 0)
            {
                return middle;
            }

            (low, high) = order < 0 ? (middle + 1, high) : (low, middle - 1);
        }

        return -1;
    }
}
