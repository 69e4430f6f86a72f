#pragma once
// Internal helpers shared by the insights sources: fixed-width hashes and a flat open-addressing hash map keyed by
// 64-bit ids (no std::hash, no per-entry allocation; iteration order depends only on the keys inserted and erased, so
// it is the same natively and in WebAssembly).

#include "earshot/insights.hpp"
#include "fnv1a.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace earshot::insights::detail {

using earshot::detail::fnv1a;
using earshot::detail::kFnvBasis;
using earshot::detail::kFnvPrime;

inline std::uint64_t mix64(std::uint64_t x) noexcept {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

/// Feature id of a cause entity: FNV-1a of "e:" + type + ":" + lowercase(value).
std::uint64_t entity_feature_id(std::string_view type, std::string_view value);

/// extract_features into an existing Features, reusing its storage.
void extract_features_into(Features& out, std::string_view text, const std::vector<EntityRef>& entities);

/// Open addressing, linear probing, backward-shift deletion. Key 0 is stored as ~0 (0 marks an empty slot): never use
/// both 0 and ~0 as keys of one map.
template <class V>
class FlatMap {
public:
    static std::uint64_t key(std::uint64_t k) noexcept { return k == 0 ? ~std::uint64_t{0} : k; }

    std::size_t size() const noexcept { return size_; }
    bool empty() const noexcept { return size_ == 0; }

    V* find(std::uint64_t k) noexcept {
        if (size_ == 0) return nullptr;
        k = key(k);
        for (std::size_t i = slot(k);; i = (i + 1) & mask_) {
            if (keys_[i] == k) return &vals_[i];
            if (keys_[i] == 0) return nullptr;
        }
    }
    const V* find(std::uint64_t k) const noexcept { return const_cast<FlatMap*>(this)->find(k); }
    bool contains(std::uint64_t k) const noexcept { return find(k) != nullptr; }

    /// The value for k, default-constructed when new; *inserted tells which.
    V& get(std::uint64_t k, bool* inserted = nullptr) {
        if ((size_ + 1) * 4 > keys_.size() * 3) grow();
        k = key(k);
        std::size_t i = slot(k);
        for (;; i = (i + 1) & mask_) {
            if (keys_[i] == k) {
                if (inserted) *inserted = false;
                return vals_[i];
            }
            if (keys_[i] == 0) break;
        }
        keys_[i] = k;
        vals_[i] = V{};
        ++size_;
        if (inserted) *inserted = true;
        return vals_[i];
    }
    V& operator[](std::uint64_t k) { return get(k); }

    bool erase(std::uint64_t k) {
        if (size_ == 0) return false;
        k = key(k);
        std::size_t i = slot(k);
        for (;; i = (i + 1) & mask_) {
            if (keys_[i] == k) break;
            if (keys_[i] == 0) return false;
        }
        erase_slot(i);
        return true;
    }

    /// Calls f(key, value) for every entry (which may change the value); f returns true to erase the entry.
    template <class F>
    void erase_if(F&& f) {
        if (size_ == 0) return;
        std::vector<std::uint64_t> doomed;
        for (std::size_t i = 0; i < keys_.size(); ++i)
            if (keys_[i] != 0 && f(keys_[i], vals_[i])) doomed.push_back(keys_[i]);
        for (auto k : doomed) erase(k);
    }

    template <class F>
    void for_each(F&& f) const {
        for (std::size_t i = 0; i < keys_.size(); ++i)
            if (keys_[i] != 0) f(keys_[i], vals_[i]);
    }

private:
    std::vector<std::uint64_t> keys_;
    std::vector<V> vals_;
    std::size_t size_ = 0;
    std::size_t mask_ = 0;

    std::size_t slot(std::uint64_t k) const noexcept { return static_cast<std::size_t>(mix64(k)) & mask_; }

    void grow() {
        std::vector<std::uint64_t> ok = std::move(keys_);
        std::vector<V> ov = std::move(vals_);
        const std::size_t cap = ok.empty() ? 16 : ok.size() * 2;
        keys_.assign(cap, 0);
        vals_.clear();
        vals_.resize(cap);
        mask_ = cap - 1;
        size_ = 0;
        for (std::size_t i = 0; i < ok.size(); ++i)
            if (ok[i] != 0) {
                std::size_t j = slot(ok[i]);
                while (keys_[j] != 0) j = (j + 1) & mask_;
                keys_[j] = ok[i];
                vals_[j] = std::move(ov[i]);
                ++size_;
            }
    }

    void erase_slot(std::size_t i) {
        // backward-shift: pull later entries of the same probe run into the hole
        std::size_t hole = i;
        for (std::size_t j = (i + 1) & mask_;; j = (j + 1) & mask_) {
            if (keys_[j] == 0) break;
            const std::size_t home = slot(keys_[j]);
            // can j move to hole? yes when home is not cyclically in (hole, j]
            const bool between = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!between) {
                keys_[hole] = keys_[j];
                vals_[hole] = std::move(vals_[j]);
                hole = j;
            }
        }
        keys_[hole] = 0;
        vals_[hole] = V{};
        --size_;
    }
};

} // namespace earshot::insights::detail
