namespace InviteService.Infrastructure.Http;

/// <summary>
/// A map that holds at most a fixed number of entries: when it is full, the least recently used entry makes room for a new
/// one. Its memory is bounded by its capacity, whatever the number of distinct keys it is asked for.
/// </summary>
/// <remarks>
/// Kept in shards, each a dictionary and a recency list behind a lock of its own, so that lookups of different keys rarely
/// wait for each other; a key's shard comes from a hash seeded per process (<see cref="HashCode"/>), so nobody can pick keys
/// that crowd one shard. Each shard holds its part of the capacity and evicts its own least recently used entry; below
/// 2,048 entries there is one shard, and the order of eviction is exact.
/// </remarks>
public sealed class LruTable<TKey, TValue>
    where TKey : notnull
    where TValue : class
{
    private readonly Shard[] _shards;
    private readonly Func<TValue> _create;

    /// <param name="capacity">The most entries held.</param>
    /// <param name="create">Makes the entry of a key not held (called under the shard's lock: keep it cheap).</param>
    public LruTable(int capacity, Func<TValue> create)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var shards = 1;
        while (shards < 64 && capacity / (shards * 2) >= 1024) shards *= 2;
        _shards = new Shard[shards];
        for (var i = 0; i < shards; i++) _shards[i] = new Shard(capacity / shards + (i < capacity % shards ? 1 : 0));
        _create = create;
        Capacity = capacity;
    }

    public int Capacity { get; }

    /// <summary>How many entries are held now.</summary>
    public int Count => _shards.Sum(s => s.Count);

    /// <summary>The entry of <paramref name="key"/>, made if it is not held; either way it becomes the most recently used.</summary>
    public TValue Get(TKey key)
    {
        var shard = _shards[(uint)HashCode.Combine(key) & (uint)(_shards.Length - 1)];
        return shard.Get(key, _create);
    }

    private sealed class Node(TKey key, TValue value)
    {
        public TKey Key = key;
        public TValue Value = value;
        public Node? Newer;
        public Node? Older;
    }

    private sealed class Shard(int capacity)
    {
        private readonly Dictionary<TKey, Node> _map = new();
        private Node? _newest;
        private Node? _oldest;

        public int Count
        {
            get
            {
                lock (_map) return _map.Count;
            }
        }

        public TValue Get(TKey key, Func<TValue> create)
        {
            lock (_map)
            {
                if (_map.TryGetValue(key, out var node))
                {
                    if (node != _newest)
                    {
                        Unlink(node);
                        Link(node);
                    }

                    return node.Value;
                }

                if (_map.Count >= capacity)
                {
                    // The least recently used entry makes room; its node is reused for the new key.
                    node = _oldest!;
                    Unlink(node);
                    _map.Remove(node.Key);
                    (node.Key, node.Value) = (key, create());
                }
                else
                {
                    node = new Node(key, create());
                }

                _map.Add(key, node);
                Link(node);
                return node.Value;
            }
        }

        private void Link(Node node)
        {
            node.Older = _newest;
            node.Newer = null;
            if (_newest is not null) _newest.Newer = node;
            _newest = node;
            _oldest ??= node;
        }

        private void Unlink(Node node)
        {
            if (node.Newer is not null) node.Newer.Older = node.Older;
            else _newest = node.Older;
            if (node.Older is not null) node.Older.Newer = node.Newer;
            else _oldest = node.Newer;
            node.Newer = node.Older = null;
        }
    }
}
