//! Splitting a buffer over threads: one part on the calling thread, the others on rayon's pool.
//!
//! Why not `par_chunks_mut`: called from Node's main thread (not a rayon worker), rayon queues
//! every part and the caller just waits, so on 2 cores the work waits for two sleeping workers to
//! wake. Doing one part on the caller meanwhile measured 1.8x -> see `npm run bench -- transform`.

/// `parts` pieces of `buf`, each (but the last) a multiple of `align` bytes long.
fn part_len(len: usize, parts: usize, align: usize) -> usize {
    let align = align.max(1);
    len.div_ceil(parts.max(1)).div_ceil(align).max(1) * align
}

fn parts() -> usize {
    rayon::current_num_threads().max(1)
}

/// Applies `work` to every part of `buf` in place.
pub fn for_each_part_mut(buf: &mut [u8], align: usize, work: impl Fn(&mut [u8]) + Sync) {
    let size = part_len(buf.len(), parts(), align);
    let mut chunks = buf.chunks_mut(size);
    let first = chunks.next();
    rayon::in_place_scope(|scope| {
        for chunk in chunks {
            let work = &work;
            scope.spawn(move |_| work(chunk));
        }
        if let Some(first) = first {
            work(first);
        }
    });
}

/// Computes `work` on every part of `buf`; results in part order.
pub fn map_parts<T: Send>(buf: &[u8], align: usize, work: impl Fn(&[u8]) -> T + Sync) -> Vec<T> {
    let size = part_len(buf.len(), parts(), align);
    let chunks: Vec<&[u8]> = buf.chunks(size).collect();
    let mut results: Vec<Option<T>> = chunks.iter().map(|_| None).collect();
    rayon::in_place_scope(|scope| {
        let mut slots = results.iter_mut().zip(&chunks);
        let first = slots.next();
        for (slot, chunk) in slots {
            let work = &work;
            scope.spawn(move |_| *slot = Some(work(chunk)));
        }
        if let Some((slot, chunk)) = first {
            *slot = Some(work(chunk));
        }
    });
    results
        .into_iter()
        .map(|r| r.expect("every part ran"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_cover_the_buffer_on_aligned_boundaries() {
        let mut buf: Vec<u8> = (0..10_007u32).map(|i| i as u8).collect();
        for_each_part_mut(&mut buf, 13, |part| {
            for b in part {
                *b = b.wrapping_add(1);
            }
        });
        assert!(buf
            .iter()
            .enumerate()
            .all(|(i, &b)| b == (i as u8).wrapping_add(1)));
        let lens = map_parts(&buf, 13, |part| part.len());
        assert_eq!(lens.iter().sum::<usize>(), buf.len());
        assert!(lens[..lens.len() - 1].iter().all(|l| l % 13 == 0));
        assert!(map_parts(&[], 64, |p| p.len()).iter().all(|&l| l == 0));
        for_each_part_mut(&mut [], 64, |_| panic!("no parts of an empty buffer"));
    }

    #[test]
    fn part_lengths() {
        assert_eq!(part_len(100, 2, 64), 64);
        assert_eq!(
            part_len(1 << 20, 2, 832),
            (524_288usize).div_ceil(832) * 832
        );
        assert_eq!(part_len(0, 2, 64), 64);
    }
}
