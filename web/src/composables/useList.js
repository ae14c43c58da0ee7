// A paged, searchable list of one resource: the state behind every admin table.
import { reactive, ref } from 'vue';
import { ElMessage } from 'element-plus';
import { resource, errorText } from '../api.js';

export function useList(name, { pageSize = 20, filters = {} } = {}) {
  const res = resource(name);
  const items = ref([]);
  const total = ref(0);
  const loading = ref(false);
  const error = ref('');
  const state = reactive({ page: 1, page_size: pageSize, q: '', ...filters });
  let seq = 0;

  async function load() {
    const mine = ++seq;
    loading.value = true;
    error.value = '';
    try {
      const r = await res.list({ ...state });
      if (mine !== seq) return;
      items.value = r?.items || [];
      total.value = r?.total ?? items.value.length;
      // A deletion can leave us past the last page: step back.
      if (!items.value.length && state.page > 1 && total.value > 0) {
        state.page = Math.max(1, Math.ceil(total.value / state.page_size));
        await load();
      }
    } catch (e) {
      if (mine !== seq) return;
      items.value = [];
      total.value = 0;
      error.value = errorText(e);
    } finally {
      if (mine === seq) loading.value = false;
    }
  }

  function search() {
    state.page = 1;
    return load();
  }

  async function remove(row, what) {
    try {
      await res.remove(row.id);
      ElMessage.success(`已删除${what || ''}`);
      await load();
      return true;
    } catch (e) {
      ElMessage.error({ message: errorText(e), duration: 6000 });
      return false;
    }
  }

  return { res, items, total, loading, error, state, load, search, remove };
}
