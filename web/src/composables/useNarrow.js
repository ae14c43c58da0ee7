// One shared "is this a phone-width screen" flag for the console pages.
import { ref } from 'vue';

const narrow = ref(typeof window !== 'undefined' && window.innerWidth < 768);
if (typeof window !== 'undefined') {
  window.addEventListener('resize', () => { narrow.value = window.innerWidth < 768; });
}
export function useNarrow() {
  return narrow;
}
